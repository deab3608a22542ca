import { describe, expect, it } from 'vitest';
import { buildItems, itemsUpTo } from './items.js';
import { checkLength, checkName } from './request-limits.js';

const limits = { maxLength: 10, maxNameLength: 5 };

describe('checkLength', () => {
  it('accepts 0..maxLength and refuses the rest naming the field and the range', () => {
    expect(checkLength(0, limits)).toBe(0);
    expect(checkLength(10, limits)).toBe(10);
    for (const bad of [-1, 11, 1.5, Number.NaN]) {
      expect(() => checkLength(bad, limits)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          issues: [{ path: 'length', message: 'must be an integer from 0 to 10' }],
        }),
      );
    }
  });
});

describe('checkName', () => {
  it('bounds the name', () => {
    expect(checkName('', limits)).toBe('');
    expect(checkName('Ana', limits)).toBe('Ana');
    expect(() => checkName('Gonzalo', limits)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});

describe('items', () => {
  it('are 1..length named "name <i>", streamed or at once', () => {
    expect(buildItems(2)).toEqual([
      { id: 1, name: 'name 1' },
      { id: 2, name: 'name 2' },
    ]);
    expect([...itemsUpTo(3)]).toEqual(buildItems(3));
    expect(buildItems(0)).toEqual([]);
  });
});
