import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';

interface RequestContext {
  readonly requestId: string;
}

// One store for the process: every service client reads the id of the request being served.
const storage = new AsyncLocalStorage<RequestContext>();

const SANE_ID = /^[\w.:@/+=-]{1,128}$/;

/** Runs `fn` with `requestId` as the id every service call inside it sends as x-request-id. */
export function runWithRequestId<T>(requestId: string, fn: () => T): T {
  return storage.run({ requestId }, fn);
}

/** The id of the request being served, if any. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** A sane request id, or undefined (the same rule as the platform's request logger). */
export function saneRequestId(value: unknown): string | undefined {
  return typeof value === 'string' && SANE_ID.test(value) ? value : undefined;
}

type WithId = IncomingMessage & { id?: unknown };

/**
 * Middleware (express, or any `(req, res, next)` server) that makes the request's id
 * current for everything the handler awaits. Register it after the request logger,
 * which sets `req.id`; without one it uses a sane incoming x-request-id.
 */
export function requestContextMiddleware(): (
  req: IncomingMessage,
  res: ServerResponse,
  next: () => void,
) => void {
  return (req, _res, next) => {
    const id = saneRequestId((req as WithId).id) ?? saneRequestId(req.headers['x-request-id']);
    if (id === undefined) {
      next();
      return;
    }
    storage.run({ requestId: id }, next);
  };
}
