import type { handleUnaryCall, ServerUnaryCall } from '@grpc/grpc-js';
import { runWithCallDeadline } from '@platform/deadline';
import { toGrpcStatus } from './grpc-status.js';

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T> | undefined)?.then === 'function';
}

/**
 * A gRPC unary handler from a function that returns the response (or a promise of it)
 * or throws: failures become a status through the one mapping (grpc-status.ts).
 * A synchronous answer is sent without a promise in between.
 */
export function unaryHandler<Request, Response>(
  respond: (request: Request, call: ServerUnaryCall<Request, Response>) => Response | Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    let response: Response | Promise<Response>;
    try {
      // Under the client's deadline, which then bounds the calls the handler makes.
      response = runWithCallDeadline(call, () => respond(call.request, call));
    } catch (error) {
      callback(toGrpcStatus(error));
      return;
    }
    if (!isPromise(response)) {
      callback(null, response);
      return;
    }
    response.then(
      (value) => callback(null, value),
      (error: unknown) => callback(toGrpcStatus(error)),
    );
  };
}
