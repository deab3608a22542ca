import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.js';

describe('LatencyWindow', () => {
  it('gives no percentile before 20 samples', () => {
    const window = new LatencyWindow();
    for (let i = 1; i < 20; i += 1) window.record(i);
    expect(window.percentile(95)).toBeUndefined();
    window.record(20);
    expect(window.percentile(95)).toBe(19);
  });

  it('takes the nearest-rank percentile of the most recent samples only', () => {
    const window = new LatencyWindow(100);
    for (let i = 0; i < 100; i += 1) window.record(1_000);
    for (let i = 1; i <= 100; i += 1) window.record(i);
    expect(window.percentile(50)).toBe(50);
    expect(window.percentile(90)).toBe(90);
    expect(window.percentile(99)).toBe(99);
  });
});
