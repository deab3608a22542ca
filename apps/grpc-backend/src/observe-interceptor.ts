import { performance } from 'node:perf_hooks';
import { ServerInterceptingCall, type Metadata, type ServerInterceptor } from '@grpc/grpc-js';
import type { Context } from '@opentelemetry/api';
import { grpcMethodMetrics, type GrpcType } from '@platform/metrics';
import { endRpcServerSpan, metadataGetter, startRpcServerSpan } from '@platform/tracing';
import { cancelledCallStatus } from './cancelled-call-status.js';

export interface ObserveInterceptorOptions {
  /**
   * Where each call's trace context is recorded, by its metadata (the object the handler gets as
   * `call.metadata`), so the handler and the call log line run in the call's span.
   */
  spans: WeakMap<Metadata, Context>;
}

function typeOf(requestStream: boolean, responseStream: boolean): GrpcType {
  if (requestStream) return responseStream ? 'bidi_stream' : 'client_stream';
  return responseStream ? 'server_stream' : 'unary';
}

/**
 * Metrics and a server span for every call: grpc_server_handled_total and
 * grpc_server_handling_seconds by method, type and status code, grpc_server_msg_sent_total per
 * message sent; the span is a child of the caller's W3C `traceparent` metadata (a new trace
 * without it or when malformed). Put it first, so calls refused by later interceptors count too.
 * The labels come from the registered method's definition, never from the request.
 */
export function observeInterceptor(options: ObserveInterceptorOptions): ServerInterceptor {
  const { spans } = options;
  return (method, call) => {
    const metrics = grpcMethodMetrics(method.path, typeOf(method.requestStream, method.responseStream));
    const started = performance.now();
    let spanContext: Context | undefined;
    let done = false;
    const finish = (code: number): void => {
      if (done) return;
      done = true;
      metrics.handled(code, (performance.now() - started) / 1_000);
      if (spanContext) endRpcServerSpan(spanContext, code);
    };
    return new ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (metadata, proceed) => {
            spanContext = startRpcServerSpan(method.path, metadata, metadataGetter);
            spans.set(metadata, spanContext);
            proceed(metadata);
          },
          // Client cancellation, an expired deadline, or a forced shutdown.
          onCancel: () => finish(cancelledCallStatus(call.getDeadline())),
        }),
      sendMessage: (message, proceed) => {
        metrics.messageSent();
        proceed(message);
      },
      sendStatus: (callStatus, proceed) => {
        finish(callStatus.code);
        proceed(callStatus);
      },
    });
  };
}
