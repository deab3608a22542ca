import { describe, expect, it } from 'vitest';
import { waitFor } from '../testing.js';

describe('waitFor', () => {
  it('resolves once the check holds, counting a throwing check as not yet', async () => {
    let calls = 0;
    await waitFor(
      'the third call',
      () => {
        calls += 1;
        if (calls === 1) throw new Error('not ready');
        return calls >= 3;
      },
      { intervalMs: 1 },
    );
    expect(calls).toBe(3);
  });

  it('awaits an async check', async () => {
    let ready = false;
    setTimeout(() => (ready = true), 20);
    await waitFor('ready', async () => ready, { intervalMs: 5 });
    expect(ready).toBe(true);
  });

  it('fails with WAIT_TIMEOUT naming what it waited for, the last error as cause', async () => {
    const failure = new Error('still down');
    const error = await waitFor(
      'the backend',
      () => {
        throw failure;
      },
      { timeoutMs: 30, intervalMs: 5 },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: 'WAIT_TIMEOUT',
      message: 'Timed out after 30 ms waiting for the backend',
      cause: failure,
    });
  });

  it('fails with WAIT_ABORTED as soon as abort gives a reason, without checking again', async () => {
    let checks = 0;
    let dead = false;
    const waiting = waitFor(
      'the listening line',
      () => {
        checks += 1;
        dead = true;
        return false;
      },
      { intervalMs: 1, abort: () => (dead ? 'the process exited with 1' : undefined) },
    );
    await expect(waiting).rejects.toMatchObject({
      code: 'WAIT_ABORTED',
      message: 'Stopped waiting for the listening line: the process exited with 1',
    });
    expect(checks).toBe(1);
  });
});
