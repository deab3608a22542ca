import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError } from '@platform/errors';
import type { MessageClasses } from './message-classes.js';

export interface ListenOptions {
  handler: RequestListener;
  port: number;
  host: string;
  /** Whole-request bound (slow clients); node's default is 300 s. */
  requestTimeoutMs?: number;
  headersTimeoutMs?: number;
  /** Longer than a proxy's upstream keepalive, so the proxy closes first. */
  keepAliveTimeoutMs?: number;
  /** The classes requests and responses are built from (messageClassesFor an express app). */
  messageClasses?: MessageClasses | undefined;
}

export interface Listening {
  server: Server;
  url: string;
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive sockets. */
  close: (forceAfterMs?: number) => Promise<void>;
}

export function urlOf(address: AddressInfo, protocol = 'http'): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${protocol}://${host}:${address.port}`;
}

/** Binds an HTTP server; a port that is taken becomes a clear PORT_IN_USE error. */
export async function listen(options: ListenOptions): Promise<Listening> {
  const {
    handler,
    port,
    host,
    requestTimeoutMs = 30_000,
    headersTimeoutMs = 20_000,
    keepAliveTimeoutMs = 65_000,
    messageClasses,
  } = options;
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      keepAliveTimeout: keepAliveTimeoutMs,
      ...messageClasses,
    },
    handler,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new AppError('PORT_IN_USE', `Port ${port} on ${host} is already in use`, { cause: error }));
      } else if (error.code === 'EACCES') {
        reject(
          new AppError('PORT_FORBIDDEN', `Not allowed to listen on port ${port} on ${host}`, {
            cause: error,
          }),
        );
      } else {
        reject(error);
      }
    });
    server.listen(port, host, () => resolve());
  });
  const url = urlOf(server.address() as AddressInfo);

  let closing = false;
  // Responses sent while draining ask the client to close its keep-alive connection.
  server.on('request', (_req: IncomingMessage, res: ServerResponse) => {
    if (closing && !res.headersSent) res.setHeader('connection', 'close');
  });

  const close = (forceAfterMs = 10_000): Promise<void> =>
    new Promise<void>((resolve) => {
      closing = true;
      // Connections that finish their last request while draining become idle: close them as they do.
      const sweep = setInterval(() => server.closeIdleConnections(), 50);
      const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
      force.unref();
      server.close(() => {
        clearInterval(sweep);
        clearTimeout(force);
        resolve();
      });
      server.closeIdleConnections();
    });
  return { server, url, close };
}
