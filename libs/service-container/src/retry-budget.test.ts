import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget.js';

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let now = start;
  return { now: () => now, advance: (ms) => (now += ms) };
}

function spend(budget: RetryBudget): number {
  let taken = 0;
  while (budget.tryRetry()) taken += 1;
  return taken;
}

describe('RetryBudget', () => {
  it('allows retries up to the share of the calls in the window', () => {
    const time = clock();
    const budget = new RetryBudget({ percent: 10, windowMs: 10_000, minPerSecond: 0 }, time.now);
    for (let i = 0; i < 200; i += 1) budget.recordCall();
    expect(spend(budget)).toBe(20);
    budget.recordCall();
    expect(budget.tryRetry()).toBe(false);
  });

  it('allows the per-second floor at low volume, as a maximum rather than on top of the share', () => {
    const time = clock();
    const budget = new RetryBudget({ percent: 10, windowMs: 10_000, minPerSecond: 1 }, time.now);
    budget.recordCall();
    expect(spend(budget)).toBe(10);
    for (let i = 0; i < 199; i += 1) budget.recordCall();
    // 200 calls: 10 % is 20, of which 10 are already spent.
    expect(spend(budget)).toBe(10);
  });

  it('forgets calls and retries that slid out of the window', () => {
    const time = clock();
    const budget = new RetryBudget({ percent: 50, windowMs: 1_000, minPerSecond: 0 }, time.now);
    for (let i = 0; i < 10; i += 1) budget.recordCall();
    expect(spend(budget)).toBe(5);
    time.advance(500);
    expect(budget.tryRetry()).toBe(false);
    time.advance(600);
    // The first calls and their retries are out of the window: nothing counts any more.
    expect(budget.tryRetry()).toBe(false);
    for (let i = 0; i < 4; i += 1) budget.recordCall();
    expect(spend(budget)).toBe(2);
  });
});
