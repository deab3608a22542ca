import type { ServerResponse } from 'node:http';

/** JSON that never throws on bigint: the plain stringify first, the replacer only when it must. */
export function stringifyJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    if (error instanceof TypeError && /BigInt/i.test(error.message)) {
      return JSON.stringify(value, bigintReplacer) ?? 'null';
    }
    throw error;
  }
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Answers with a body of the given Content-Type in one write, without express' content
 * negotiation, ETag and freshness work. HEAD gets the headers only.
 */
export function sendBody(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('content-type', contentType);
  res.setHeader('content-length', Buffer.byteLength(body));
  if (res.req?.method === 'HEAD') res.end();
  else res.end(body);
}

/**
 * Answers with a JSON body in one write: what express' res.json() does for an API answer,
 * without its content negotiation, ETag and freshness work. HEAD gets the headers only.
 */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendBody(res, status, 'application/json; charset=utf-8', stringifyJson(value));
}
