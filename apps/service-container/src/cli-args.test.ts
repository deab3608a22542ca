import { describe, expect, it } from 'vitest';
import { parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('takes the name to greet, World by default', () => {
    expect(parseCliArgs(['Gonzalo'])).toEqual({ kind: 'hello', name: 'Gonzalo' });
    expect(parseCliArgs([])).toEqual({ kind: 'hello', name: 'World' });
  });

  it('knows --check and --help', () => {
    expect(parseCliArgs(['--check'])).toEqual({ kind: 'check' });
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
  });

  it('refuses unknown flags and extra names', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(TypeError);
    expect(() => parseCliArgs(['a', 'b'])).toThrow(/one name/);
    expect(() => parseCliArgs(['--check', 'a'])).toThrow(/no name/);
  });
});
