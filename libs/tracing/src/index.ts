export { startTracing, tracingOptionsFrom, type Tracing, type TracingOptions } from './start-tracing.js';
export type { TracingSettings } from './tracing-settings.js';
export {
  endHttpServerSpan,
  endRpcServerSpan,
  startHttpServerSpan,
  startRpcServerSpan,
} from './server-span.js';
export { httpTracingMiddleware } from './http-tracing-middleware.js';
export { metadataGetter, metadataSetter, type MetadataLike } from './metadata-carrier.js';
export { traceFields } from './trace-fields.js';
