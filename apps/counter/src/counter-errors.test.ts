import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { NotAcceptableError } from '@platform/errors';
import { CounterRejectedError, CounterUnavailableError, toCounterError } from './counter-errors.js';

const quick = { elapsedMs: 1, commandTimeoutMs: 1_000 };

describe('toCounterError', () => {
  it('makes a failure that took the whole command timeout a 503 redis_timeout', () => {
    const error = toCounterError(new Error('Command timed out'), {
      elapsedMs: 1_000,
      commandTimeoutMs: 1_000,
    });
    expect(error).toBeInstanceOf(CounterUnavailableError);
    expect(error).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      statusCode: 503,
      details: { reason: 'redis_timeout' },
    });
    expect(error.headers['Retry-After']).toBe('1');
    expect(error.message).toBe('Redis did not answer within 1000 ms; try again shortly');
  });

  it('makes a quick client-side failure a 503 redis_unreachable, keeping the cause', () => {
    const cause = new Error("Stream isn't writeable and enableOfflineQueue options is false");
    const error = toCounterError(cause, quick);
    expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE', details: { reason: 'redis_unreachable' } });
    expect(error.cause).toBe(cause);
  });

  it('makes replies that pass by themselves 503 and the others 500 COUNTER_REJECTED', () => {
    for (const reply of [
      'LOADING Redis is loading the dataset in memory',
      "READONLY You can't write against a read only replica.",
    ]) {
      expect(toCounterError(new ReplyError(reply), quick)).toMatchObject({
        statusCode: 503,
        details: { reason: 'redis_busy' },
      });
    }
    const rejected = toCounterError(
      new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value'),
      quick,
    );
    expect(rejected).toBeInstanceOf(CounterRejectedError);
    expect(rejected).toMatchObject({
      code: 'COUNTER_REJECTED',
      statusCode: 500,
      details: { redisCode: 'WRONGTYPE' },
    });
  });

  it('gives each of the counter codes one meaning', () => {
    const codes = [
      new CounterUnavailableError('redis_timeout', 'slow').code,
      new CounterRejectedError('ERR').code,
      new NotAcceptableError(['text/plain']).code,
    ];
    expect(new Set(codes).size).toBe(codes.length);
    expect(new NotAcceptableError(['text/plain']).statusCode).toBe(406);
  });
});
