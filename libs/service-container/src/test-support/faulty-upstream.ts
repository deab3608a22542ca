import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the upstream saw of one request. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** The client went away before the answer was sent (a cancelled hedge or timed-out attempt). */
  aborted: boolean;
}

/** How the upstream answers, changed on command during a test. */
export interface Faults {
  /** Answer every request with this status (and no body); undefined: 200 with `ok`. */
  failWith?: number | undefined;
  /** Wait before answering every request. */
  delayMs?: number;
  /** Slow tail: every `slowEvery`th request (counting from 1) waits `slowMs` more. */
  slowEvery?: number;
  slowMs?: number;
}

export interface FaultyUpstream {
  url: string;
  requests: SeenRequest[];
  faults: Faults;
  close(): Promise<void>;
}

/** A real node:http server on port 0 that fails or slows down on command, recording every request. */
export async function startFaultyUpstream(faults: Faults = {}): Promise<FaultyUpstream> {
  const requests: SeenRequest[] = [];
  const state: Faults = { ...faults };
  const server = createServer((req, res) => {
    const seen: SeenRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      aborted: false,
    };
    requests.push(seen);
    const slow = state.slowEvery !== undefined && requests.length % state.slowEvery === 0;
    const wait = (state.delayMs ?? 0) + (slow ? (state.slowMs ?? 0) : 0);
    const answer = (): void => {
      if (res.destroyed) return;
      if (state.failWith !== undefined) {
        res.statusCode = state.failWith;
        res.end();
      } else {
        res.end('ok');
      }
    };
    res.on('close', () => {
      if (!res.writableFinished) seen.aborted = true;
    });
    req.resume();
    if (wait > 0) {
      const timer = setTimeout(answer, wait);
      res.on('close', () => clearTimeout(timer));
    } else {
      answer();
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults: state,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
