import { ReplyError } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { AppError } from '@platform/errors';
import { isTransientRedisError, redisReplyCode } from './redis-errors.js';

const reply = (message: string): Error => new ReplyError(message) as Error;

describe('isTransientRedisError', () => {
  it('counts replies of passing conditions as transient', () => {
    for (const message of [
      'LOADING Redis is loading the dataset in memory',
      'BUSY Redis is busy',
      "READONLY You can't write against a read only replica.",
      'TRYAGAIN',
      'OOM command not allowed',
    ]) {
      expect(isTransientRedisError(reply(message))).toBe(true);
    }
  });

  it('counts refusals as permanent', () => {
    for (const message of [
      'WRONGTYPE Operation against a key holding the wrong kind of value',
      'NOSCRIPT No matching script',
      'NOPERM',
      'WRONGPASS invalid username-password pair',
      'ERR value is not an integer',
    ]) {
      expect(isTransientRedisError(reply(message))).toBe(false);
    }
  });

  it('counts client and socket failures as transient, and bugs and catalogue errors as permanent', () => {
    expect(isTransientRedisError(new Error('Command timed out'))).toBe(true);
    expect(
      isTransientRedisError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(isTransientRedisError(new TypeError('undefined is not a function'))).toBe(false);
    expect(isTransientRedisError(new AppError('SOMETHING', 'known'))).toBe(false);
    expect(isTransientRedisError('a string')).toBe(false);
  });
});

describe('redisReplyCode', () => {
  it('reads the code of an error reply, and nothing from other failures', () => {
    expect(redisReplyCode(reply('WRONGTYPE Operation against a key'))).toBe('WRONGTYPE');
    expect(redisReplyCode(reply('something odd'))).toBe('ERR');
    expect(redisReplyCode(new Error('Connection is closed.'))).toBeUndefined();
  });
});
