export { counter, gauge, histogram, registry, type Counter, type Gauge, type Histogram } from './metric.js';
export { collectRuntimeMetrics } from './runtime-metrics.js';
export { LabelHistogram, type LabelHistogramOptions } from './label-histogram.js';
export { httpDurationBuckets, httpMetrics, methodLabel, UNMATCHED_ROUTE } from './http-metrics.js';
export { httpMetricsMiddleware } from './http-metrics-middleware.js';
export { routeLabel } from './route-label.js';
export {
  configureMetricsEndpoint,
  isForwarded,
  metricsHandler,
  metricsResponse,
  type MetricsEndpointOptions,
  type MetricsRequest,
  type MetricsResponse,
} from './metrics-handler.js';
export {
  grpcCodeName,
  grpcDurationBuckets,
  grpcMethodMetrics,
  GrpcMethodMetrics,
  type GrpcType,
} from './grpc-server-metrics.js';
export { joinClusterMetrics, serveClusterMetrics } from './cluster-metrics.js';
