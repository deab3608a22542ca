import type { IncomingMessage, RequestListener, Server } from 'node:http';
import { listen } from '../listen.js';
import { messageClassesFor } from '../message-classes.js';

export interface TestServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  url: string;
  server: Server;
  /** Every request received so far, in order. */
  requests: IncomingMessage[];
  /** Stops listening and ends every connection at once, in-flight requests included. */
  close(): Promise<void>;
}

/**
 * A real HTTP server for a node:http handler or an express app, on 127.0.0.1 and a port the
 * system picks; close it in `afterEach` or `finally`.
 */
export async function startServer(handler: RequestListener, host = '127.0.0.1'): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const listening = await listen({
    handler: (req, res) => {
      requests.push(req);
      handler(req, res);
    },
    port: 0,
    host,
    messageClasses: messageClassesFor(handler),
  });
  return { url: listening.url, server: listening.server, requests, close: () => listening.close(0) };
}
