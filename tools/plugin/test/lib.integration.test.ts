import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, type RunResult, type WorkspaceCopy } from './support/workspace-copy.js';

let copy: WorkspaceCopy;
let generated: RunResult;

beforeAll(async () => {
  copy = copyWorkspace();
  generated = await copy.run('npx', [
    'nx',
    'g',
    '@platform/plugin:lib',
    'money',
    '--scope=billing',
    '--skipInstall',
  ]);
});

afterAll(() => copy?.remove());

describe('nx g @platform/plugin:lib', () => {
  it('generates a lib that passes lint, typecheck, test and build as it is', async () => {
    expect(generated.code, generated.stderr).toBe(0);
    const result = await copy.run('npx', [
      'nx',
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'test',
      'build',
      '-p',
      'money',
      '--output-style=static',
    ]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(existsSync(path.join(copy.root, 'libs/money/dist/index.js'))).toBe(true);
    expect(existsSync(path.join(copy.root, 'libs/money/dist/index.d.ts'))).toBe(true);
  });

  it('refuses an invalid name with a clear message and writes nothing', async () => {
    const result = await copy.run('npx', ['nx', 'g', '@platform/plugin:lib', 'Big_Money', '--skipInstall']);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('Invalid lib name "Big_Money": use kebab-case');
    expect(existsSync(path.join(copy.root, 'libs/Big_Money'))).toBe(false);
  });
});
