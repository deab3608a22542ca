import type { IncomingMessage } from 'node:http';
import express, { type RequestHandler } from 'express';
import { BadRequestError, InvalidJsonError, PayloadTooLargeError } from '@platform/errors';

export interface JsonBodyOptions {
  /** Largest body in bytes. */
  limit: number;
}

/** `application/json` with no parameter or `charset=utf-8`: the types read here; anything else goes to express.json(). */
function isPlainJson(type: string): boolean {
  const lower = type.length < 64 ? type.toLowerCase() : '';
  return (
    lower === 'application/json' ||
    lower === 'application/json; charset=utf-8' ||
    lower === 'application/json;charset=utf-8'
  );
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** The parsed body; `{}` for an empty one, as express.json() gives. */
function parse(buffer: Buffer): unknown {
  let text = buffer.toString('utf8');
  if (text.length === 0) return {};
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new InvalidJsonError({ cause: error });
  }
}

/** Reads a body of at most `limit` bytes; refuses one that ends early or grows past the limit. */
export function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = req.headers['content-length'];
    const expected = declared === undefined ? undefined : Number(declared);
    const chunks: Buffer[] = [];
    let received = 0;
    const cleanUp = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    function onData(chunk: Buffer) {
      received += chunk.length;
      if (received > limit) {
        cleanUp();
        // The rest is read and dropped, so the refusal can be written on a sane connection.
        req.resume();
        reject(new PayloadTooLargeError(`${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    }
    function onEnd() {
      cleanUp();
      if (expected !== undefined && received !== expected) {
        reject(new BadRequestError('The request body was incomplete'));
        return;
      }
      try {
        resolve(parse(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received)));
      } catch (error) {
        reject(error instanceof Error ? error : new InvalidJsonError({ cause: error }));
      }
    }
    function onError(error: unknown) {
      cleanUp();
      reject(new BadRequestError('The request body was incomplete', { cause: error }));
    }
    function onClose() {
      cleanUp();
      reject(new BadRequestError('The request body was incomplete'));
    }
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * The JSON body parser: a plain UTF-8 `application/json` body is read and parsed straight
 * (most requests between services); every other body (compressed, another charset,
 * `+json` types) goes to express.json() with the same limit. Errors are the catalogue's:
 * INVALID_JSON, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST for a cut body.
 */
export function jsonBody(options: JsonBodyOptions): RequestHandler {
  const { limit } = options;
  const general = express.json({
    limit,
    strict: false,
    type: ['application/json', 'application/*+json'],
  });
  return (req, res, next) => {
    if (req.body !== undefined || !hasBody(req)) {
      next();
      return;
    }
    const type = req.headers['content-type'];
    const encoding = req.headers['content-encoding'];
    if (
      type === undefined ||
      !isPlainJson(type) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity')
    ) {
      general(req, res, next);
      return;
    }
    readJsonBody(req, limit).then(
      (body) => {
        req.body = body;
        next();
      },
      (error: unknown) => {
        if (error instanceof PayloadTooLargeError) res.setHeader('connection', 'close');
        next(error);
      },
    );
  };
}
