import type { Counter } from 'prom-client';
import { LabelHistogram } from './label-histogram.js';
import { counter } from './metric.js';

export type GrpcType = 'unary' | 'client_stream' | 'server_stream' | 'bidi_stream';

/** gRPC status names by number, as grpc-go and go-grpc-prometheus label them. */
const codeNames = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
] as const;

/** The grpc_code label of a status number; anything outside the 17 codes is UNKNOWN. */
export function grpcCodeName(code: number): string {
  return codeNames[code] ?? 'UNKNOWN';
}

/** Seconds; unary calls take milliseconds, a long stream seconds. */
export const grpcDurationBuckets = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];

type Labels = 'grpc_service' | 'grpc_method' | 'grpc_type' | 'grpc_code';

function handledTotal(): Counter<Labels> {
  return counter({
    name: 'grpc_server_handled_total',
    help: 'gRPC calls completed on the server, by method and status code',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
  });
}

function messagesSent(): Counter<'grpc_service' | 'grpc_method'> {
  return counter({
    name: 'grpc_server_msg_sent_total',
    help: 'gRPC messages sent by the server, by method (one per item of a stream)',
    labelNames: ['grpc_service', 'grpc_method'],
  });
}

function handlingSeconds(): LabelHistogram {
  return LabelHistogram.registered({
    name: 'grpc_server_handling_seconds',
    help: 'Time from a gRPC call’s start to its status, by method and status code',
    labelNames: ['grpc_service', 'grpc_method', 'grpc_type', 'grpc_code'],
    buckets: grpcDurationBuckets,
  });
}

/** The metrics of one served method; made once per method (see grpcMethodMetrics). */
export class GrpcMethodMetrics {
  private readonly byCode = new Map<number, { inc: (value?: number) => void }>();
  private readonly sent: { inc: (value?: number) => void };
  private readonly histogram = handlingSeconds();

  constructor(
    readonly service: string,
    readonly method: string,
    readonly type: GrpcType,
  ) {
    this.sent = messagesSent().labels(service, method);
  }

  /** The call ended with `code` after `seconds`. */
  handled(code: number, seconds: number): void {
    let handled = this.byCode.get(code);
    const name = grpcCodeName(code);
    if (handled === undefined) {
      handled = handledTotal().labels(this.service, this.method, this.type, name);
      this.byCode.set(code, handled);
    }
    handled.inc();
    const key = `${this.service}/${this.method} ${name}`;
    if (this.histogram.observe(key, seconds)) return;
    this.histogram.define(key, [this.service, this.method, this.type, name]);
    this.histogram.observe(key, seconds);
  }

  /** The server sent one message on the call. */
  messageSent(): void {
    this.sent.inc();
  }
}

const methods = new Map<string, GrpcMethodMetrics>();

/**
 * The metrics of a served method by its path (`/package.Service/Method`), made on first use.
 * Give only paths of registered methods (grpc-js interceptors get those): the path names labels.
 */
export function grpcMethodMetrics(path: string, type: GrpcType): GrpcMethodMetrics {
  let found = methods.get(path);
  if (found === undefined) {
    const slash = path.lastIndexOf('/');
    found = new GrpcMethodMetrics(path.slice(1, slash), path.slice(slash + 1), type);
    methods.set(path, found);
  }
  return found;
}
