export { currentDeadline, remainingMs, runWithDeadline, runWithDeadlineAt } from './deadline-context.js';
export { deadlineMiddleware, type DeadlineMiddlewareOptions } from './deadline-middleware.js';
export { runWithCallDeadline, type CallWithDeadline } from './grpc-deadline.js';
export { MAX_TIMEOUT_MS, parseTimeoutHeader, TIMEOUT_HEADER } from './timeout-header.js';
