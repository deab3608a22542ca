import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';

/** What trace propagation needs of grpc-js' Metadata (kept structural: no grpc-js dependency). */
export interface MetadataLike {
  get: (key: string) => unknown[];
  set: (key: string, value: string) => void;
  getMap: () => Record<string, unknown>;
}

/** Reads `traceparent`/`tracestate` from incoming gRPC metadata (string values only). */
export const metadataGetter: TextMapGetter<MetadataLike> = {
  keys: (carrier) => Object.keys(carrier.getMap()),
  get: (carrier, key) => {
    const value = carrier.get(key)[0];
    return typeof value === 'string' ? value : undefined;
  },
};

/** Writes `traceparent`/`tracestate` into outgoing gRPC metadata. */
export const metadataSetter: TextMapSetter<MetadataLike> = {
  set: (carrier, key, value) => carrier.set(key, value),
};
