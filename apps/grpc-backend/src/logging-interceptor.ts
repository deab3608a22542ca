import { performance } from 'node:perf_hooks';
import { ServerInterceptingCall, status, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';
import type { Context } from '@opentelemetry/api';
import { requestIdFrom, type Logger } from '@platform/logging';
import { traceFields } from '@platform/tracing';
import { cancelledCallStatus } from './cancelled-call-status.js';

const clientErrors = new Set<number>([
  status.CANCELLED,
  status.INVALID_ARGUMENT,
  status.DEADLINE_EXCEEDED,
  status.NOT_FOUND,
  status.ALREADY_EXISTS,
  status.PERMISSION_DENIED,
  status.RESOURCE_EXHAUSTED,
  status.UNAUTHENTICATED,
  status.OUT_OF_RANGE,
  status.UNIMPLEMENTED,
]);

export interface LoggingInterceptorOptions {
  logger: Logger;
  /** Calls logged at debug only (health probes), so they do not drown the rest. */
  isQuiet?: (path: string) => boolean;
  /** The caller's name of each authenticated call, by its metadata (recorded by the auth interceptor). */
  callers?: WeakMap<Metadata, string>;
  /** Each call's trace context, by its metadata (recorded by the observe interceptor): its ids go on the line. */
  spans?: WeakMap<Metadata, Context>;
}

/**
 * One line per call, like the HTTP request log: method path, gRPC status, duration, the
 * authenticated `caller` (its name, never its token) and request id (an incoming `x-request-id` is honoured, so the caller's and our lines join;
 * it is not echoed: the caller has it, and a fresh header on every response costs CPU and bytes).
 */
export function loggingInterceptor(options: LoggingInterceptorOptions): ServerInterceptor {
  const { logger, isQuiet = (path) => path.startsWith('/grpc.health.v1.Health/'), callers, spans } = options;
  return (method, call) => {
    const started = performance.now();
    let requestId: string | undefined;
    let received: Metadata | undefined;
    let logged = false;
    const log = (code: number): void => {
      if (logged) return;
      logged = true;
      const level = isQuiet(method.path)
        ? 'debug'
        : code === status.OK
          ? 'info'
          : clientErrors.has(code)
            ? 'warn'
            : 'error';
      const durationMs = Math.round((performance.now() - started) * 1000) / 1000;
      const caller = received && callers?.get(received);
      logger[level](
        {
          ...traceFields(received && spans?.get(received)),
          'request.id': requestId,
          'rpc.method': method.path,
          'rpc.grpc.status_code': code,
          duration_ms: durationMs,
          ...(caller === undefined ? {} : { caller }),
        },
        `${method.path} ${status[code] ?? code} in ${Math.round(durationMs)} ms`,
      );
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, proceed) => {
            const header = metadata.get('x-request-id')[0];
            requestId = requestIdFrom(typeof header === 'string' ? header : undefined);
            received = metadata;
            proceed(metadata);
          },
          // Client cancellation, an expired deadline, or a forced shutdown.
          onCancel: () => log(cancelledCallStatus(call.getDeadline())),
        }),
      sendStatus: (callStatus, proceed) => {
        log(callStatus.code);
        proceed(callStatus);
      },
    });
  };
}
