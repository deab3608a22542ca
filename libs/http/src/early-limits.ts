import { isIP } from 'node:net';
import bytes from 'bytes';
import type { RequestHandler } from 'express';
import { AppError, PayloadTooLargeError } from '@platform/errors';

/** The encodings express' body parsers can decode. */
const DECODABLE = new Set(['identity', 'gzip', 'deflate', 'br']);

/**
 * Keeps the addresses of X-Forwarded-For that are IP addresses, from the right
 * (the nearest hop) up to the first that is not: text such as `foo` never becomes
 * a client address, a throttle key or a log field.
 * Undefined when nothing usable is left.
 */
export function forwardedForIps(header: string): string | undefined {
  const kept: string[] = [];
  const parts = header.split(',');
  for (let index = parts.length - 1; index >= 0; index -= 1) {
    const address = parts[index]!.trim();
    if (isIP(address) === 0) break;
    kept.unshift(address);
  }
  return kept.length > 0 ? kept.join(', ') : undefined;
}

export interface EarlyLimitsOptions {
  /** Largest body accepted, as express' `limit` (`100kb`) or a number of bytes. */
  bodyLimit: string | number;
}

/**
 * Refuses what the headers already say is too much, before any body is read:
 * a declared Content-Length over the limit (413) and a Content-Encoding no
 * parser decodes (415). The connection is closed after such an answer, so an
 * unread body is never waited for. Also drops X-Forwarded-For entries that are
 * not IP addresses before `trust proxy` reads them.
 */
export function earlyLimits(options: EarlyLimitsOptions): RequestHandler {
  const limit = typeof options.bodyLimit === 'number' ? options.bodyLimit : bytes.parse(options.bodyLimit);
  if (limit === null || !Number.isFinite(limit) || limit < 0) {
    throw new TypeError(`bodyLimit must be a size such as 100kb, not ${String(options.bodyLimit)}`);
  }
  return (req, res, next) => {
    const forwarded = req.headers['x-forwarded-for'];
    if (forwarded !== undefined) {
      const ips = forwardedForIps(Array.isArray(forwarded) ? forwarded.join(',') : forwarded);
      if (ips === undefined) delete req.headers['x-forwarded-for'];
      else req.headers['x-forwarded-for'] = ips;
    }

    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) > limit) {
      res.setHeader('connection', 'close');
      next(new PayloadTooLargeError(`${limit} bytes`));
      return;
    }
    const encoding = req.headers['content-encoding']?.trim().toLowerCase();
    if (encoding && !DECODABLE.has(encoding)) {
      res.setHeader('connection', 'close');
      next(
        new AppError('UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip, deflate, br or identity', {
          statusCode: 415,
          details: { expected: [...DECODABLE] },
        }),
      );
      return;
    }
    next();
  };
}
