import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentDeadline, remainingMs, runWithDeadline, runWithDeadlineAt } from './index.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('runWithDeadline', () => {
  it('makes an absolute deadline current for everything the function awaits, and only there', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    expect(currentDeadline()).toBeUndefined();
    expect(remainingMs()).toBeUndefined();
    const seen = await runWithDeadline(250, async () => {
      await sleep(1);
      vi.setSystemTime(1_000_100);
      return { deadline: currentDeadline(), remaining: remainingMs() };
    });
    expect(seen).toEqual({ deadline: 1_000_250, remaining: 150 });
    expect(currentDeadline()).toBeUndefined();
  });

  it('lets a nested scope shorten the time left but never extend it', () => {
    vi.useFakeTimers({ now: 5_000, toFake: ['Date'] });
    runWithDeadline(100, () => {
      expect(runWithDeadline(1_000, () => currentDeadline())).toBe(5_100);
      expect(runWithDeadline(40, () => currentDeadline())).toBe(5_040);
      expect(runWithDeadlineAt(5_010, () => currentDeadline())).toBe(5_010);
    });
  });

  it('reports 0 left once the deadline has passed, and treats a negative budget as none left', () => {
    vi.useFakeTimers({ now: 10_000, toFake: ['Date'] });
    runWithDeadline(-50, () => {
      expect(currentDeadline()).toBe(10_000);
      expect(remainingMs()).toBe(0);
    });
    runWithDeadline(10, () => {
      vi.setSystemTime(10_500);
      expect(remainingMs()).toBe(0);
    });
  });
});
