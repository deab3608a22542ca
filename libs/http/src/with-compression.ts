import type { RequestHandler } from 'express';
import type { RequestListener } from 'node:http';
import { createRequire } from 'node:module';
import type Compression from 'compression';

/**
 * compression's middleware (gzip for answers of 1 kB or more), loaded when first asked for: an app
 * that leaves compression to nginx or the ingress (the default) never pays its load time.
 */
export function compressionMiddleware(): RequestHandler {
  const compression = createRequire(import.meta.url)('compression') as typeof Compression;
  return compression();
}

/**
 * The handler with gzip for answers of 1 kB or more that the client accepts compressed
 * (the COMPRESSION setting); the handler's own headers and errors are unchanged.
 */
export function withCompression(handler: RequestListener): RequestListener {
  const compress = compressionMiddleware();
  return (req, res) => {
    compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => {
      handler(req, res);
    });
  };
}
