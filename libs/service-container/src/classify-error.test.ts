import { describe, expect, it } from 'vitest';
import { isServiceFailure, toServiceError } from './classify-error.js';
import { ServiceRequestFailedError, ServiceUnreachableError } from './service-errors.js';

const target = { service: 'hello', method: 'GET', url: 'http://127.0.0.1:1/hello' };
const timeouts = { connect: 1_000, request: 5_000 };

function nodeError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('a refused connection that Node 24.20+ reports as closed before connecting', () => {
  const closed = nodeError(
    'ERR_SOCKET_CLOSED_BEFORE_CONNECTION',
    'Socket closed before the connection was established',
  );

  it('is a service that cannot be reached, naming the code, and counts against the breaker', () => {
    const error = toServiceError(closed, target, timeouts);
    expect(error).toBeInstanceOf(ServiceUnreachableError);
    expect(error.code).toBe('SERVICE_UNREACHABLE');
    expect(error.message).toContain('(ERR_SOCKET_CLOSED_BEFORE_CONNECTION)');
    expect(isServiceFailure(closed)).toBe(true);
  });

  it('leaves other plain errors unexpected, and not the service failing', () => {
    const other = nodeError('ERR_SOMETHING_ELSE', 'something else');
    expect(toServiceError(other, target, timeouts)).toBeInstanceOf(ServiceRequestFailedError);
    expect(isServiceFailure(other)).toBe(false);
  });
});
