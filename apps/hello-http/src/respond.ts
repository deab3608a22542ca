import type { ServerResponse } from 'node:http';
import { errorBody, toAppError } from '@platform/http';
import type { Logger } from '@platform/logging';

/** Headers every answer carries: nothing is ever sniffed, framed or run as a page. */
export function secureHeaders(res: ServerResponse): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  res.setHeader('referrer-policy', 'no-referrer');
}

function send(res: ServerResponse, status: number, type: string, body: string, head: boolean): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(head ? undefined : body);
}

export function sendText(res: ServerResponse, text: string, head = false): void {
  send(res, 200, 'text/plain; charset=utf-8', text, head);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, head = false): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value), head);
}

/** The platform's error envelope, as @platform/http sends it; 5xx are logged, never detailed. */
export function sendError(
  res: ServerResponse,
  error: unknown,
  context: { logger: Logger; requestId: string | undefined; method: string; url: string },
): void {
  const appError = toAppError(error);
  if (appError.statusCode >= 500) {
    context.logger.error(
      { err: error, 'request.id': context.requestId, code: appError.code },
      `${context.method} ${context.url} failed`,
    );
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(appError.headers)) res.setHeader(name, value);
  sendJson(res, appError.statusCode, errorBody(appError, context.requestId));
}
