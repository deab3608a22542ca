import { status } from '@grpc/grpc-js';

/**
 * How long a call may take to arrive. The caller's deadline clock starts when it sends the call
 * and the server's copy of it (`grpc-timeout`) when the call arrives, so the cancel a client
 * sends at its own deadline reaches the server up to that long before the server's deadline.
 */
const TRANSIT_ALLOWANCE_MS = 100;

/**
 * The status of a call its client cancelled: DEADLINE_EXCEEDED when the deadline has passed or
 * is within the transit allowance (the caller's deadline ended it), CANCELLED otherwise.
 */
export function cancelledCallStatus(deadline: Date | number): status {
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  return at - TRANSIT_ALLOWANCE_MS <= Date.now() ? status.DEADLINE_EXCEEDED : status.CANCELLED;
}
