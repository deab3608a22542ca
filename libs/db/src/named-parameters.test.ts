import { describe, expect, it } from 'vitest';
import { bindNamed, compileNamed } from './named-parameters.js';

describe('compileNamed', () => {
  it('numbers each distinct name once and reuses the number', () => {
    const compiled = compileNamed('select * from users where name = :name or alias = :name and age > :age');
    expect(compiled.text).toBe('select * from users where name = $1 or alias = $1 and age > $2');
    expect(compiled.names).toEqual(['name', 'age']);
  });

  it('leaves casts, strings, quoted identifiers, dollar quotes and comments alone', () => {
    const sql = [
      "select :a::text, ':b', E'\\':c', \"col:d\", $$ :e $$, $tag$ :f $tag$ -- :g",
      '/* :h /* :i */ */ , $1, arr[1:2], :j',
    ].join('\n');
    const compiled = compileNamed(sql);
    expect(compiled.names).toEqual(['a', 'j']);
    expect(compiled.text).toContain("$1::text, ':b', E'\\':c', \"col:d\", $$ :e $$, $tag$ :f $tag$ -- :g");
    expect(compiled.text).toContain('/* :h /* :i */ */ , $1, arr[1:2], $2');
  });
});

describe('bindNamed', () => {
  it('orders values by placeholder and refuses a missing one', () => {
    const compiled = compileNamed('select :b, :a');
    expect(bindNamed(compiled, { a: 1, b: 2, unused: 3 })).toEqual([2, 1]);
    expect(() => bindNamed(compiled, { a: 1 })).toThrow(
      expect.objectContaining({ code: 'SQL_PARAMETER_MISSING' }),
    );
  });
});
