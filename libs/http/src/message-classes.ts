import { IncomingMessage, ServerResponse } from 'node:http';

/** The classes a node:http server builds each request and response from. */
export interface MessageClasses {
  IncomingMessage: typeof IncomingMessage;
  ServerResponse: typeof ServerResponse;
}

interface PrototypeHolder {
  request?: unknown;
  response?: unknown;
}

const isPlainFunction = (constructor: unknown): boolean =>
  typeof constructor === 'function' && !Function.prototype.toString.call(constructor).startsWith('class');

/**
 * Request and response classes whose instances are born with an express app's prototypes
 * (`app.request`, `app.response`), for the app's server; undefined for a handler that is not
 * an express app.
 *
 * express gives every request and response its app's prototypes with Object.setPrototypeOf.
 * In V8 that call on a live object costs more than all of express' routing: on node 20 it is
 * about two thirds of an idiomatic express route's CPU time (docs/performance.md). An object
 * that already has the prototype makes the call a no-op, and property lookups on it stay on
 * their fast paths.
 */
export function messageClassesFor(app: unknown): MessageClasses | undefined {
  const { request, response } = (app ?? {}) as PrototypeHolder;
  if (!(request instanceof IncomingMessage) || !(response instanceof ServerResponse)) return undefined;
  // node's own classes are plain functions (so far): called on an object, they initialize it.
  if (!isPlainFunction(IncomingMessage) || !isPlainFunction(ServerResponse)) return undefined;

  const initRequest = IncomingMessage as unknown as (this: IncomingMessage, socket: unknown) => void;
  const initResponse = ServerResponse as unknown as (
    this: ServerResponse,
    req: unknown,
    options: unknown,
  ) => void;
  function AppRequest(this: IncomingMessage, socket: unknown) {
    initRequest.call(this, socket);
  }
  AppRequest.prototype = request;
  function AppResponse(this: ServerResponse, req: unknown, options: unknown) {
    initResponse.call(this, req, options);
  }
  AppResponse.prototype = response;
  return {
    IncomingMessage: AppRequest as unknown as typeof IncomingMessage,
    ServerResponse: AppResponse as unknown as typeof ServerResponse,
  };
}
