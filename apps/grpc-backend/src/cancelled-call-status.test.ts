import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { cancelledCallStatus } from './cancelled-call-status.js';

describe('cancelledCallStatus', () => {
  it("names the caller's deadline when it has passed or is within the call's transit", () => {
    expect(cancelledCallStatus(new Date(Date.now() - 5))).toBe(status.DEADLINE_EXCEEDED);
    expect(cancelledCallStatus(Date.now() + 30)).toBe(status.DEADLINE_EXCEEDED);
  });

  it('names a cancel well before the deadline, or without one, as the client cancelling', () => {
    expect(cancelledCallStatus(new Date(Date.now() + 1_000))).toBe(status.CANCELLED);
    expect(cancelledCallStatus(Infinity)).toBe(status.CANCELLED);
  });
});
