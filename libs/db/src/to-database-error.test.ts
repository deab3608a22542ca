import { describe, expect, it } from 'vitest';
import { ConflictError } from '@platform/errors';
import { classRules, exactRules, fallbackRule } from './sqlstate-rules.js';
import { toDatabaseError } from './to-database-error.js';

/** What pg throws for an error response from the server. */
function serverError(code: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(`server says ${code} with value 'secret'`), {
    code,
    severity: 'ERROR',
    ...fields,
  });
}

describe('toDatabaseError', () => {
  it.each([
    ['23505', 409, 'UNIQUE_VIOLATION'],
    ['23503', 409, 'FOREIGN_KEY_VIOLATION'],
    ['23502', 400, 'NOT_NULL_VIOLATION'],
    ['23514', 400, 'CHECK_VIOLATION'],
    ['22P02', 400, 'INVALID_DATA'],
    ['40001', 503, 'TRANSACTION_CONFLICT'],
    ['40P01', 503, 'TRANSACTION_CONFLICT'],
    ['57014', 504, 'STATEMENT_TIMEOUT'],
    ['08006', 503, 'DATABASE_UNAVAILABLE'],
    ['57P01', 503, 'DATABASE_UNAVAILABLE'],
    ['53300', 503, 'DATABASE_UNAVAILABLE'],
    ['53100', 503, 'INSUFFICIENT_RESOURCES'],
    ['42501', 403, 'INSUFFICIENT_PRIVILEGE'],
    ['42P01', 500, 'DATABASE_ERROR'],
    ['XX000', 500, 'DATABASE_ERROR'],
  ])('maps SQLSTATE %s to %i %s without the server text', (sqlState, status, code) => {
    const error = toDatabaseError(serverError(sqlState));
    expect(error).toMatchObject({ statusCode: status, code, details: expect.objectContaining({ sqlState }) });
    expect(error.message).not.toContain('secret');
  });

  it('marks transient errors retryable or the connection lost, with Retry-After', () => {
    expect(toDatabaseError(serverError('40001'))).toMatchObject({
      retryable: true,
      headers: { 'Retry-After': '1' },
    });
    expect(toDatabaseError(serverError('57P01'))).toMatchObject({ connectionLost: true });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(toDatabaseError(refused)).toMatchObject({ code: 'DATABASE_UNAVAILABLE', statusCode: 503 });
    expect(toDatabaseError(new Error('Connection terminated unexpectedly'))).toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
      connectionLost: true,
    });
    expect(toDatabaseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      code: 'POOL_EXHAUSTED',
      statusCode: 503,
      headers: { 'Retry-After': '1' },
    });
  });

  it('shows the constraint, and the message of RAISE EXCEPTION only', () => {
    expect(toDatabaseError(serverError('23505', { constraint: 'users_name_key' }))).toMatchObject({
      details: { sqlState: '23505', constraint: 'users_name_key' },
    });
    const raised = toDatabaseError(Object.assign(serverError('P0001'), { message: 'balance too low' }));
    expect(raised).toMatchObject({ code: 'RAISE_EXCEPTION', statusCode: 400, message: 'balance too low' });
  });

  it('passes catalogue errors through and distrusts unexplained ones', () => {
    const conflict = new ConflictError('taken');
    expect(toDatabaseError(conflict)).toBe(conflict);
    expect(toDatabaseError(new Error('weird'))).toMatchObject({
      code: 'DATABASE_ERROR',
      connectionLost: true,
    });
  });
});

describe('SQLSTATE rules', () => {
  it('give each error code one HTTP status, and every transient code a Retry-After', () => {
    const rules = [...Object.values(exactRules), ...Object.values(classRules), fallbackRule];
    const statusByCode = new Map<string, Set<number>>();
    for (const rule of rules)
      statusByCode.set(rule.code, (statusByCode.get(rule.code) ?? new Set()).add(rule.status));
    for (const [code, statuses] of statusByCode) expect([code, statuses.size]).toEqual([code, 1]);
    for (const rule of rules.filter((candidate) => candidate.status === 503)) {
      expect([rule.code, rule.retryAfterSeconds]).toEqual([rule.code, expect.any(Number)]);
    }
  });
});
