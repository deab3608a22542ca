import type { IncomingMessage, ServerResponse } from 'node:http';
import { startServer, type TestServer } from '@platform/http/testing';

/** How a failing upstream answers a request it has read in full. */
export type Failure = 'status-502' | 'status-503' | 'reset';

export interface FailingUpstream {
  /** `127.0.0.1:<port>`, as nginx's upstream address. */
  address: string;
  /** Requests it has read, as `METHOD path`. */
  received: string[];
  close(): Promise<void>;
}

function fail(failure: Failure, res: ServerResponse): void {
  if (failure === 'reset') {
    // An RST after the request was read: what a replica killed mid-request looks like.
    res.socket?.resetAndDestroy();
    return;
  }
  const status = failure === 'status-502' ? 502 : 503;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ code: 'UPSTREAM_FAILED_ON_PURPOSE' }));
}

/**
 * A node:http upstream that reads each request (its body included), counts it,
 * then fails it on purpose; `okPaths` are answered 200 instead (to show a retry
 * that is allowed landed somewhere).
 */
export async function startFailingUpstream(
  failure: Failure,
  okPaths: readonly string[] = [],
): Promise<FailingUpstream> {
  const received: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.once('end', () => {
      received.push(`${req.method ?? ''} ${req.url ?? ''}`);
      if (okPaths.includes(req.url ?? '')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
        return;
      }
      fail(failure, res);
    });
  };
  const server: TestServer = await startServer(handler);
  return { address: new URL(server.url).host, received, close: () => server.close() };
}
