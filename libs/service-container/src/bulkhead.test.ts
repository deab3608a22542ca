import { afterEach, describe, expect, it, vi } from 'vitest';
import { Bulkhead, BulkheadRefusal } from './bulkhead.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('Bulkhead', () => {
  it('grants up to maxConcurrent slots, queues up to maxQueue, refuses the rest at once', async () => {
    const bulkhead = new Bulkhead({ maxConcurrent: 2, maxQueue: 1, queueTimeoutMs: 10_000 });
    const first = await bulkhead.acquire();
    await bulkhead.acquire();
    let queuedGranted = false;
    const queued = bulkhead.acquire().then((release) => {
      queuedGranted = true;
      return release;
    });
    await expect(bulkhead.acquire()).rejects.toMatchObject({ reason: 'queue-full' });
    expect(bulkhead.active).toBe(2);
    expect(bulkhead.queued).toBe(1);

    first();
    first(); // releasing twice gives back one slot only
    const release = await queued;
    expect(queuedGranted).toBe(true);
    expect(bulkhead.active).toBe(2);
    release();
    expect(bulkhead.active).toBe(1);
  });

  it('gives up waiting after queueTimeoutMs, or sooner at the deadline', async () => {
    vi.useFakeTimers({ now: 50_000 });
    const bulkhead = new Bulkhead({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 1_000 });
    await bulkhead.acquire();
    const byQueue = bulkhead.acquire().catch((error: unknown) => error);
    const byDeadline = bulkhead.acquire(50_200).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(200);
    expect(await byDeadline).toMatchObject({ reason: 'deadline', waitedMs: 200 });
    expect(bulkhead.queued).toBe(1);
    await vi.advanceTimersByTimeAsync(800);
    const error = await byQueue;
    expect(error).toBeInstanceOf(BulkheadRefusal);
    expect(error).toMatchObject({ reason: 'queue-timeout', waitedMs: 1_000 });
    expect(bulkhead.queued).toBe(0);
  });
});
