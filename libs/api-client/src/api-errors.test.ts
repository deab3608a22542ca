import { status } from '@grpc/grpc-js';
import { AppError } from '@platform/errors';
import { describe, expect, it } from 'vitest';
import type { ApiError } from './index.js';
import { apiErrorCatalogue, toApiError } from './index.js';

function serviceError(code: number, details = ''): Error {
  return Object.assign(new Error(`${code}: ${details}`), { code, details, metadata: undefined });
}

describe('the client error catalogue', () => {
  it('gives every class a distinct code matching its catalogue key', () => {
    const options = { grpcCode: status.UNKNOWN };
    const samples: ApiError[] = Object.values(apiErrorCatalogue).map((ErrorClass) => new ErrorClass(options));
    const codes = samples.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.sort()).toEqual(Object.keys(apiErrorCatalogue).sort());
  });

  it('maps each gRPC status to a typed error with the status a gateway answers', () => {
    const cases: [number, string, number][] = [
      [status.UNAVAILABLE, 'API_UNAVAILABLE', 502],
      [status.DEADLINE_EXCEEDED, 'API_TIMEOUT', 504],
      [status.INVALID_ARGUMENT, 'API_INVALID_ARGUMENT', 400],
      [status.UNAUTHENTICATED, 'API_UNAUTHENTICATED', 502],
      [status.RESOURCE_EXHAUSTED, 'API_RESOURCE_EXHAUSTED', 502],
      [status.CANCELLED, 'API_CANCELLED', 499],
      [status.INTERNAL, 'API_ERROR', 502],
    ];
    for (const [grpcCode, code, statusCode] of cases) {
      const mapped = toApiError(serviceError(grpcCode, 'secret internals'));
      expect(mapped).toMatchObject({ code, statusCode, grpcCode });
      if (code !== 'API_INVALID_ARGUMENT') expect(mapped.message).not.toContain('secret internals');
    }
  });

  it('keeps platform errors and wraps anything else without losing the cause', () => {
    const own = new AppError('X', 'x');
    expect(toApiError(own)).toBe(own);
    const odd = new TypeError('boom');
    expect(toApiError(odd)).toMatchObject({ code: 'API_ERROR', cause: odd });
  });
});
