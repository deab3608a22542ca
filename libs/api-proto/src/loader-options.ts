import type { Options } from '@grpc/proto-loader';

/**
 * How messages map to JavaScript; scripts/generate.mjs gives proto-loader-gen-types the same
 * options, so the generated `__Output` types describe exactly what a handler or client receives.
 */
export const loaderOptions = {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
} as const satisfies Options;
