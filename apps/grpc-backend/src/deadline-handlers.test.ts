import type { ServerUnaryCall, ServerWritableStream, sendUnaryData } from '@grpc/grpc-js';
import { currentDeadline } from '@platform/deadline';
import { describe, expect, it } from 'vitest';
import { streamHandler } from './stream-handler.js';
import { unaryHandler } from './unary-handler.js';

function unaryCall(deadline: Date | number): ServerUnaryCall<object, number | undefined> {
  return { request: {}, getDeadline: () => deadline } as unknown as ServerUnaryCall<
    object,
    number | undefined
  >;
}

function answerOf(deadline: Date | number, respond: () => Promise<number | undefined>): Promise<unknown> {
  const handler = unaryHandler<object, number | undefined>(respond);
  return new Promise((resolve, reject) => {
    const callback: sendUnaryData<number | undefined> = (error, value) =>
      error ? reject(error) : resolve(value);
    handler(unaryCall(deadline), callback);
  });
}

describe('handlers run under the call deadline', () => {
  it("makes a unary call's finite deadline current for the handler, across awaits", async () => {
    const at = Date.now() + 5_000;
    const respond = async (): Promise<number | undefined> => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return currentDeadline();
    };
    expect(await answerOf(new Date(at), respond)).toBe(at);
    expect(await answerOf(Infinity, respond)).toBeUndefined();
  });

  it("makes a stream's deadline current while its items are produced", async () => {
    const at = Date.now() + 7_000;
    const written: unknown[] = [];
    const ended = new Promise<void>((resolve) => {
      const call = {
        request: {},
        cancelled: false,
        getDeadline: () => at,
        write: (item: unknown) => written.push(item) > 0,
        end: () => resolve(),
        on: () => call,
        off: () => call,
        emit: () => true,
      };
      const handler = streamHandler<object, number | undefined>(async function* () {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield currentDeadline();
      });
      handler(call as unknown as ServerWritableStream<object, number | undefined>);
    });
    await ended;
    expect(written).toEqual([at]);
  });
});
