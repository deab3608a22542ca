import type { handleServerStreamingCall, ServerWritableStream } from '@grpc/grpc-js';
import { runWithCallDeadline } from '@platform/deadline';
import { toGrpcStatus } from './grpc-status.js';

type Call<Response> = ServerWritableStream<unknown, Response>;

/** Resolves when the stream can take more (`drain`) or will take nothing more (cancelled, closed). */
function writable(call: Call<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const events = ['drain', 'cancelled', 'close', 'error'] as const;
    const done = (): void => {
      for (const event of events) call.off(event, done);
      resolve();
    };
    for (const event of events) call.on(event, done);
  });
}

function iteratorOf<T>(source: Iterable<T> | AsyncIterable<T>): Iterator<T> | AsyncIterator<T> {
  return Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
}

/**
 * Writes the items one message each, honouring flow control: when the client stops
 * reading, `write()` returns false and we wait for `drain`, so the server holds a bounded
 * window (HTTP/2's plus the stream's highWaterMark), never the whole stream. A cancelled
 * call (client cancel, deadline, forced shutdown) stops the loop and closes the source.
 * A synchronous source is written without a promise per item.
 */
async function pump<Response>(
  call: Call<Response>,
  source: Iterable<Response> | AsyncIterable<Response>,
): Promise<void> {
  const iterator = iteratorOf(source);
  const isAsync = Symbol.asyncIterator in source;
  try {
    for (;;) {
      if (call.cancelled) return;
      const next = isAsync
        ? await (iterator as AsyncIterator<Response>).next()
        : (iterator as Iterator<Response>).next();
      if (next.done) break;
      if (call.cancelled) return;
      if (!call.write(next.value)) await writable(call);
    }
    if (!call.cancelled) call.end();
  } finally {
    await iterator.return?.();
  }
}

/**
 * A gRPC server-streaming handler from a function that returns the items, or throws
 * before the first one for a bad request; a failure mid-stream ends it with its status.
 */
export function streamHandler<Request, Response>(
  produce: (
    request: Request,
    call: ServerWritableStream<Request, Response>,
  ) => Iterable<Response> | AsyncIterable<Response>,
): handleServerStreamingCall<Request, Response> {
  // Under the client's deadline (for the whole stream), which then bounds the calls the producer makes.
  return (call) =>
    runWithCallDeadline(call, () => {
      let source: Iterable<Response> | AsyncIterable<Response>;
      try {
        source = produce(call.request, call);
      } catch (error) {
        call.emit('error', toGrpcStatus(error));
        return;
      }
      pump(call as Call<Response>, source).catch((error: unknown) => {
        if (!call.cancelled) call.emit('error', toGrpcStatus(error));
      });
    });
}
