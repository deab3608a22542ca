import { afterEach, describe, expect, it, vi } from 'vitest';
import { printCodes } from './code-printer.js';
import { totpCode } from './otp/totp-engine.js';
import { defaultOtpParameters } from './otp/otp-parameters.js';

const secret = new TextEncoder().encode('12345678901234567890');

afterEach(() => {
  vi.useRealTimers();
});

describe('printCodes', () => {
  it('prints the code at once, then once per new step, sleeping in between', async () => {
    vi.useFakeTimers();
    const start = 1_111_111_100; // 20 s into a step
    vi.setSystemTime(start * 1000);
    const lines: string[] = [];
    const controller = new AbortController();
    const done = printCodes({
      secret,
      parameters: defaultOtpParameters,
      write: (line) => lines.push(line),
      signal: controller.signal,
    });

    await vi.advanceTimersByTimeAsync(0);
    expect(lines).toEqual([`01:58:20  ${totpCode(secret, start, defaultOtpParameters)}  (10 s left)`]);
    expect(vi.getTimerCount()).toBe(1); // one timer until the next step, not a polling loop

    await vi.advanceTimersByTimeAsync(9_999);
    expect(lines).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lines[1]).toBe(`01:58:30  ${totpCode(secret, start + 10, defaultOtpParameters)}  (30 s left)`);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((line) => line.split('  ')[1])).size).toBe(4);

    controller.abort();
    await done;
    expect(vi.getTimerCount()).toBe(0);
  });
});
