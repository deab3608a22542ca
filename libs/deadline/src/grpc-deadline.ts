import { runWithDeadlineAt } from './deadline-context.js';

/** What the helper needs of a grpc-js server call (`ServerUnaryCall`, `ServerWritableStream`…). */
export interface CallWithDeadline {
  /** grpc-js: a Date or epoch ms; Infinity when the client set no deadline. */
  getDeadline(): Date | number;
}

/**
 * Runs `fn` (a gRPC handler's work) under the call's own deadline when the client set a
 * finite one, so outgoing calls made while handling it are bounded by it; otherwise runs
 * `fn` as it is.
 */
export function runWithCallDeadline<T>(call: CallWithDeadline, fn: () => T): T {
  const deadline = call.getDeadline();
  const at = deadline instanceof Date ? deadline.getTime() : deadline;
  if (!Number.isFinite(at)) return fn();
  return runWithDeadlineAt(at, fn);
}
