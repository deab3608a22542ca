import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '@platform/errors';
import {
  ContainerConfigError,
  ServiceAlreadyDefinedError,
  ServiceBulkheadFullError,
  ServiceCallInvalidError,
  ServiceCircuitOpenError,
  ServiceDeadlineExceededError,
  ServiceHttpError,
  ServiceRequestFailedError,
  ServiceTimeoutError,
  ServiceUnreachableError,
  ServiceUrlOutsideBaseError,
  UnknownServiceError,
} from './index.js';

const target = { service: 'svc', method: 'GET', url: 'http://127.0.0.1:1/x' };

describe('error catalogue', () => {
  it('gives every error a distinct stable code, listed in the README', () => {
    const samples = [
      new ContainerConfigError('CONTAINER_FILE_MISSING', 'f', [{ message: 'm' }]),
      new ContainerConfigError('CONTAINER_FILE_UNREADABLE', 'f', [{ message: 'm' }]),
      new ContainerConfigError('CONTAINER_FILE_NOT_YAML', 'f', [{ message: 'm' }]),
      new ContainerConfigError('CONTAINER_FILE_NOT_MAPPING', 'f', [{ message: 'm' }]),
      new ContainerConfigError('CONTAINER_SERVICE_INVALID', 'f', [{ message: 'm' }]),
      new UnknownServiceError('x', []),
      new ServiceAlreadyDefinedError('x'),
      new ServiceTimeoutError(target, 1),
      new ServiceUnreachableError(target, 'ECONNREFUSED'),
      new ServiceHttpError(target, 500, 'Internal Server Error'),
      new ServiceCircuitOpenError(target, 3),
      new ServiceUrlOutsideBaseError(target, 'http://127.0.0.1:1'),
      new ServiceRequestFailedError(target, 'why'),
      new ServiceDeadlineExceededError(target, 100, 'during an attempt'),
      new ServiceBulkheadFullError(target, 'full'),
      new ServiceCallInvalidError(target, 'context.deadlineMs', 'expected milliseconds'),
    ];
    const codes = samples.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(samples.every(isAppError)).toBe(true);
    const readme = readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
    for (const code of codes) expect(readme).toContain(`\`${code}\``);
  });

  it('maps call failures to gateway statuses, with Retry-After when waiting helps', () => {
    expect(new ServiceTimeoutError(target, 1).statusCode).toBe(504);
    expect(new ServiceHttpError(target, 500, '').statusCode).toBe(502);
    expect(new ServiceCircuitOpenError(target, 2.5).headers).toEqual({ 'Retry-After': '3' });
    expect(new ServiceUnreachableError(target, undefined).statusCode).toBe(503);
    expect(new ServiceDeadlineExceededError(target, 250, 'x')).toMatchObject({
      statusCode: 504,
      retryable: false,
      details: { service: 'svc', deadlineMs: 250 },
    });
    expect(new ServiceBulkheadFullError(target, 'full')).toMatchObject({
      statusCode: 503,
      retryable: false,
      headers: { 'Retry-After': '1' },
    });
  });
});
