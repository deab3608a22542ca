import type { Metadata } from '@grpc/grpc-js';
import { context, type Context } from '@opentelemetry/api';

/**
 * Runs a gRPC handler inside its call's span (recorded by the observe interceptor under the call's
 * metadata), so its log lines and outgoing calls carry the call's trace. Without a record the
 * handler runs as it is.
 */
export function inCallSpan<Call extends { metadata: Metadata }, Rest extends unknown[]>(
  spans: WeakMap<Metadata, Context> | undefined,
  handler: (call: Call, ...rest: Rest) => void,
): (call: Call, ...rest: Rest) => void {
  if (!spans) return handler;
  return (call, ...rest) => {
    const spanContext = spans.get(call.metadata);
    if (spanContext === undefined) handler(call, ...rest);
    else context.with(spanContext, handler, undefined, call, ...rest);
  };
}
