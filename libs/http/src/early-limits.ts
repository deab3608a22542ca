import type { IncomingHttpHeaders } from 'node:http';
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

/** A body limit given as express' `limit` (`100kb`) or a number of bytes, in bytes. */
export function bodyLimitBytes(limit: string | number): number {
  const parsed = typeof limit === 'number' ? limit : bytes.parse(limit);
  if (parsed === null || !Number.isFinite(parsed) || parsed < 0) {
    throw new TypeError(`bodyLimit must be a size such as 100kb, not ${String(limit)}`);
  }
  return parsed;
}

/**
 * Drops the X-Forwarded-For entries that are not IP addresses, then gives the error for what
 * the headers already say is too much: a declared Content-Length over the limit (413) or a
 * Content-Encoding no parser decodes (415); undefined when the request may go on.
 */
export function checkRequestHeaders(headers: IncomingHttpHeaders, limit: number): AppError | undefined {
  const forwarded = headers['x-forwarded-for'];
  if (forwarded !== undefined) {
    const ips = forwardedForIps(Array.isArray(forwarded) ? forwarded.join(',') : forwarded);
    if (ips === undefined) delete headers['x-forwarded-for'];
    else headers['x-forwarded-for'] = ips;
  }
  const declared = headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) return new PayloadTooLargeError(`${limit} bytes`);
  const encoding = headers['content-encoding'];
  if (encoding !== undefined) {
    const name = encoding.trim().toLowerCase();
    if (name && !DECODABLE.has(name)) {
      return new AppError(
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Encoding must be gzip, deflate, br or identity',
        {
          statusCode: 415,
          details: { expected: [...DECODABLE] },
        },
      );
    }
  }
  return undefined;
}

export interface EarlyLimitsOptions {
  /** Largest body accepted, as express' `limit` (`100kb`) or a number of bytes. */
  bodyLimit: string | number;
}

/**
 * Refuses what the headers already say is too much, before any body is read (see
 * checkRequestHeaders). The connection is closed after such an answer, so an unread body is
 * never waited for. createHttpApp runs the same check inside its request entry.
 */
export function earlyLimits(options: EarlyLimitsOptions): RequestHandler {
  const limit = bodyLimitBytes(options.bodyLimit);
  return (req, res, next) => {
    const refusal = checkRequestHeaders(req.headers, limit);
    if (refusal) res.setHeader('connection', 'close');
    next(refusal);
  };
}
