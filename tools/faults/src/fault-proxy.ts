import { createServer, Socket, type AddressInfo, type Server } from 'node:net';

/** What the proxy does with new connections and with the bytes of open ones. */
export type FaultMode = 'pass' | 'stall' | 'refuse';

export interface FaultProxyStats {
  /** Connections accepted since the start (refused ones included). */
  accepted: number;
  /** Connections open now. */
  open: number;
  /** Bytes forwarded from clients to the target, and back. */
  clientBytes: number;
  serverBytes: number;
  /** Connections cut with a reset (RST) so far. */
  resets: number;
  /** True while a fault after client bytes is armed and has not fired yet. */
  armed: boolean;
}

export interface FaultProxy {
  readonly host: string;
  readonly port: number;
  readonly mode: FaultMode;
  readonly stats: FaultProxyStats;
  /** Forwards both ways; connections held by a stall resume where they stopped (a healed partition). */
  pass(): void;
  /** Cuts every open connection now with a reset; new connections are still accepted. */
  reset(): void;
  /**
   * Lets exactly `bytes` more bytes from the clients (all connections together) reach the target,
   * then forwards nothing more either way and, `settleMs` later, resets every open connection and
   * goes back to `pass`. A request cut inside its bytes never completes on the server; one cut at
   * its last byte runs there but its answer is lost.
   */
  resetAfterClientBytes(bytes: number, settleMs?: number): void;
  /**
   * Lets exactly `bytes` more bytes from the clients through, then stalls as `stall` does: the rest
   * waits in the proxy until `pass` (mid-transaction: BEGIN and a first statement ran, then silence).
   */
  stallAfterClientBytes(bytes: number): void;
  /** Accepts connections but forwards nothing either way until `pass` (or `reset`). */
  stall(): void;
  /** Resets each new connection as soon as it is accepted; open ones keep passing. */
  refuse(): void;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** Where the proxy listens (default 127.0.0.1, port 0). */
  host?: string;
  port?: number;
}

interface Pair {
  client: Socket;
  upstream: Socket;
  /** Chunks held while stalled or cut, per direction. */
  toServer: Buffer[];
  toClient: Buffer[];
  closed: boolean;
}

/**
 * A TCP proxy in front of `target` whose faults a test switches at will: pass, reset every
 * connection, reset once the next N client bytes have passed (mid-query, mid-transaction,
 * mid-script), stall, refuse new connections, and back to pass.
 */
export async function startFaultProxy(
  target: { host: string; port: number },
  options: FaultProxyOptions = {},
): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let mode: FaultMode = 'pass';
  /** Client bytes still allowed through before an armed fault fires; undefined when none is armed. */
  let budget: number | undefined;
  let armed: 'reset' | 'stall' = 'reset';
  let settle = 20;
  /** Between an armed reset's last byte and the reset itself: nothing moves. */
  let cutting = false;
  const stats = { accepted: 0, clientBytes: 0, serverBytes: 0, resets: 0 };

  const hold = (): boolean => mode === 'stall' || cutting;

  function kill(socket: Socket): void {
    if (socket.destroyed) return;
    // An RST, as a crashed server or a dropped route gives; a socket not yet connected is just destroyed.
    if (socket.connecting || socket.pending) socket.destroy();
    else socket.resetAndDestroy();
  }

  function drop(pair: Pair, reset: boolean): void {
    if (pair.closed) return;
    pair.closed = true;
    pairs.delete(pair);
    if (reset) {
      stats.resets += 1;
      kill(pair.client);
      kill(pair.upstream);
    } else {
      pair.client.destroy();
      pair.upstream.destroy();
    }
  }

  function resetAll(): void {
    for (const pair of [...pairs]) drop(pair, true);
  }

  /** Resets every connection once the last bytes let through are written, and `settle` ms later. */
  function cut(upstream: Socket | undefined, last: Buffer): void {
    cutting = true;
    const done = (): void => {
      setTimeout(() => {
        resetAll();
        cutting = false;
        mode = 'pass';
      }, settle);
    };
    if (upstream && last.length > 0 && !upstream.destroyed) upstream.write(last, done);
    else done();
  }

  function toServer(pair: Pair, chunk: Buffer): void {
    if (hold()) {
      pair.toServer.push(chunk);
      return;
    }
    if (budget !== undefined && chunk.length >= budget) {
      const through = chunk.subarray(0, budget);
      const rest = chunk.subarray(budget);
      budget = undefined;
      stats.clientBytes += through.length;
      if (armed === 'reset') {
        cut(pair.upstream, through);
        return;
      }
      if (through.length > 0) pair.upstream.write(through);
      mode = 'stall';
      if (rest.length > 0) pair.toServer.push(rest);
      return;
    }
    if (budget !== undefined) budget -= chunk.length;
    stats.clientBytes += chunk.length;
    if (!pair.upstream.write(chunk)) pair.client.pause();
  }

  function toClient(pair: Pair, chunk: Buffer): void {
    if (hold()) {
      pair.toClient.push(chunk);
      return;
    }
    stats.serverBytes += chunk.length;
    if (!pair.client.write(chunk)) pair.upstream.pause();
  }

  function flush(pair: Pair): void {
    // Re-sent through the same gates, so an armed reset counts held bytes too.
    for (const chunk of pair.toServer.splice(0)) toServer(pair, chunk);
    for (const chunk of pair.toClient.splice(0)) toClient(pair, chunk);
  }

  function arm(bytes: number, fault: 'reset' | 'stall'): void {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new RangeError(`A fault after client bytes needs a whole number of bytes ≥ 0, not ${bytes}`);
    }
    mode = 'pass';
    armed = fault;
    budget = bytes;
    if (bytes > 0) return;
    budget = undefined;
    if (fault === 'reset') cut(undefined, Buffer.alloc(0));
    else mode = 'stall';
  }

  const server: Server = createServer((client) => {
    stats.accepted += 1;
    client.on('error', () => undefined);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    const pair: Pair = { client, upstream, toServer: [], toClient: [], closed: false };
    pairs.add(pair);
    upstream.on('error', () => drop(pair, false));
    client.on('error', () => drop(pair, false));
    upstream.on('close', () => drop(pair, false));
    client.on('close', () => drop(pair, false));
    client.on('data', (chunk: Buffer) => toServer(pair, chunk));
    upstream.on('data', (chunk: Buffer) => toClient(pair, chunk));
    client.on('drain', () => upstream.resume());
    upstream.on('drain', () => client.resume());
    // Until the target answers the connect, what the client sends waits in the held queue.
    client.pause();
    upstream.connect(target.port, target.host, () => client.resume());
  });
  server.on('error', () => undefined);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;

  return {
    host: address.address,
    port: address.port,
    get mode() {
      return mode;
    },
    get stats() {
      return { ...stats, open: pairs.size, armed: budget !== undefined };
    },
    pass() {
      mode = 'pass';
      if (cutting) return;
      for (const pair of [...pairs]) flush(pair);
    },
    reset() {
      budget = undefined;
      resetAll();
    },
    resetAfterClientBytes(bytes, settleMs = 20) {
      arm(bytes, 'reset');
      settle = settleMs;
    },
    stallAfterClientBytes(bytes) {
      arm(bytes, 'stall');
    },
    stall() {
      mode = 'stall';
    },
    refuse() {
      mode = 'refuse';
    },
    close() {
      budget = undefined;
      for (const pair of [...pairs]) drop(pair, false);
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
