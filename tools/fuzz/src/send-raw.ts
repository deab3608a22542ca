import { connect } from 'node:net';

export interface RawAnswer {
  /** 0 when the server closed the connection without answering. */
  status: number;
  /** Everything the server sent, headers and body, as text. */
  text: string;
  ms: number;
}

export class HangError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer and no close within ${timeoutMs} ms`);
    this.name = 'HangError';
  }
}

/**
 * Sends `bytes` on a fresh connection and reads until the server closes it.
 * Rejects with HangError when neither happens within `timeoutMs`.
 */
export function sendRaw(port: number, bytes: Buffer, timeoutMs: number): Promise<RawAnswer> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    const finish = (): void => {
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, text, ms: Date.now() - started });
    };
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', finish);
    // A reset after an early answer (413 before the body) still counts as that answer.
    socket.on('error', () => undefined);
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      socket.off('close', finish);
      reject(new HangError(timeoutMs));
    });
  });
}

/** Sends part of a request and goes away, as a client that gave up would. */
export function abandon(port: number, bytes: Buffer, afterMs = 50): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      setTimeout(() => socket.destroy(), afterMs);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

/** What an answer must never show, beyond what the request itself held: a stack frame, a file path of the server, an internal error text. */
export function leaks(text: string, request = ''): string | undefined {
  const patterns: [string, RegExp][] = [
    ['a stack frame', /\n\s+at [^\n]+:\d+:\d+/],
    ['a stack frame', /at (?:async )?[\w.<>]+ \(/],
    ['a server path', /\/(?:work|home|root|usr|app|opt)\/[\w./-]+\.(?:ts|js|mjs)/],
    ['node_modules', /node_modules/],
    ['a PostgreSQL error', /(?:relation|column) "[^"]+" does not exist|syntax error at or near/],
    ['an internal error name', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError): /],
  ];
  // What the client sent and the answer quotes back (a 404 naming its path) is not a leak.
  return patterns.find(([, pattern]) => {
    const match = pattern.exec(text);
    return match !== null && !request.includes(match[0].trim());
  })?.[0];
}
