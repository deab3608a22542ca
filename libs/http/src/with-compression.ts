import type { RequestListener } from 'node:http';
import compression from 'compression';

/**
 * The handler with gzip for answers of 1 kB or more that the client accepts compressed
 * (the COMPRESSION setting); the handler's own headers and errors are unchanged.
 */
export function withCompression(handler: RequestListener): RequestListener {
  const compress = compression();
  return (req, res) => {
    compress(req as Parameters<typeof compress>[0], res as Parameters<typeof compress>[1], () => {
      handler(req, res);
    });
  };
}
