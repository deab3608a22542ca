import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentDeadline, deadlineMiddleware, runWithCallDeadline } from './index.js';

afterEach(() => {
  vi.useRealTimers();
});

function requestWith(headers: Record<string, string | string[]>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}

/** The deadline the rest of the request sees, after the middleware. */
function deadlineSeen(headers: Record<string, string | string[]>, maxMs?: number): number | undefined {
  let seen: number | undefined = -1;
  const middleware = deadlineMiddleware(maxMs === undefined ? {} : { maxMs });
  middleware(requestWith(headers), {} as ServerResponse, () => {
    seen = currentDeadline();
  });
  return seen;
}

describe('deadlineMiddleware', () => {
  it('runs the rest of the request under the budget of x-request-timeout-ms', () => {
    vi.useFakeTimers({ now: 100_000, toFake: ['Date'] });
    expect(deadlineSeen({ 'x-request-timeout-ms': '750' })).toBe(100_750);
  });

  it('clamps a huge budget', () => {
    vi.useFakeTimers({ now: 100_000, toFake: ['Date'] });
    expect(deadlineSeen({ 'x-request-timeout-ms': '86400000' }, 30_000)).toBe(130_000);
  });

  it('calls next without a deadline when the header is absent or not a whole number', () => {
    expect(deadlineSeen({})).toBeUndefined();
    for (const value of ['-1', 'soon', '1.5', ['10', '20']]) {
      expect(deadlineSeen({ 'x-request-timeout-ms': value })).toBeUndefined();
    }
  });
});

describe('runWithCallDeadline', () => {
  it("runs a gRPC handler under the call's finite deadline, given as a Date or epoch ms", () => {
    expect(runWithCallDeadline({ getDeadline: () => new Date(123_456) }, currentDeadline)).toBe(123_456);
    expect(runWithCallDeadline({ getDeadline: () => 98_765 }, currentDeadline)).toBe(98_765);
  });

  it('runs it as it is when the client set no deadline', () => {
    expect(runWithCallDeadline({ getDeadline: () => Infinity }, currentDeadline)).toBeUndefined();
  });
});
