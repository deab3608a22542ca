import { ValidationError } from '@platform/errors';
import { describe, expect, it } from 'vitest';
import { recoveryCodeExpectation } from '../recovery/recovery-code.js';
import { parse, recoveryBodySchema } from './schemas.js';

function validationIssues(body: unknown): { path: string; message: string }[] {
  try {
    parse(recoveryBodySchema, body);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return [...(error as ValidationError).issues];
  }
  throw new Error('parsed');
}

describe('recoveryBodySchema', () => {
  it('gives the canonical form of a typed code', () => {
    expect(parse(recoveryBodySchema, { code: ' ABCDE-fghjk ' })).toEqual({ code: 'abcdefghjk' });
  });

  it('refuses a malformed code naming the field and what it expects', () => {
    for (const code of ['abc', 'abcde-fghj0', 'x'.repeat(65), '123456']) {
      expect(validationIssues({ code })).toEqual([{ path: 'code', message: recoveryCodeExpectation }]);
    }
    expect(validationIssues({ code: 12 })[0]?.path).toBe('code');
    expect(validationIssues({})[0]?.path).toBe('code');
    expect(validationIssues({ code: 'abcde-fghjk', extra: 1 })).toHaveLength(1);
  });
});
