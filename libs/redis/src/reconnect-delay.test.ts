import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect-delay.js';

describe('reconnectDelay', () => {
  it('doubles from the base delay up to the cap, and never gives up', () => {
    const delay = reconnectDelay({ baseMs: 50, maxMs: 1_000, random: () => 0 });
    expect([1, 2, 3, 4, 5, 6, 7].map(delay)).toEqual([50, 100, 200, 400, 800, 1_000, 1_000]);
    expect(delay(10_000)).toBe(1_000);
  });

  it('takes up to a fifth off each delay as jitter', () => {
    const delay = reconnectDelay({ baseMs: 100, maxMs: 1_000, random: () => 0.999_999 });
    expect(delay(1)).toBe(80);
    expect(delay(20)).toBe(800);
  });
});
