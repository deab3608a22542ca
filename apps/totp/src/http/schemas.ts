import { ValidationError, issuesFromZod } from '@platform/errors';
import { z } from '@platform/settings';
import { normalizeRecoveryCode, recoveryCodeExpectation } from '../recovery/recovery-code.js';

export const accountIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$/,
    '1-128 characters: letters, digits and . _ @ + - (starting with a letter or digit)',
  );

export const codeSchema = z.string().regex(/^\d{6,8}$/, '6 to 8 digits');

export const parametersSchema = z.object({
  algorithm: z.enum(['sha1', 'sha256', 'sha512']).optional(),
  digits: z.union([z.literal(6), z.literal(7), z.literal(8)]).optional(),
  period: z.number().int().min(15).max(300).optional(),
  qr: z.enum(['svg', 'png']).default('svg'),
});

export const enrollSchema = parametersSchema.extend({ account: accountIdSchema }).strict();
export const resetSchema = parametersSchema.strict();
export const codeBodySchema = z.object({ code: codeSchema }).strict();

/** A recovery code as typed (any case, grouped with spaces or hyphens), parsed to its canonical form. */
export const recoveryCodeSchema = z
  .string()
  .max(64, recoveryCodeExpectation)
  .transform((value, context) => {
    const normalized = normalizeRecoveryCode(value);
    if (normalized !== undefined) return normalized;
    context.addIssue({ code: 'custom', message: recoveryCodeExpectation });
    return z.NEVER;
  });
export const recoveryBodySchema = z.object({ code: recoveryCodeSchema }).strict();

/** Parses input with a schema; a mismatch is 400 VALIDATION_FAILED naming each field. */
export function parse<Schema extends z.ZodType>(schema: Schema, value: unknown, at = ''): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = issuesFromZod(result.error.issues).map((issue) => ({
    ...issue,
    path: [at, issue.path].filter(Boolean).join('.'),
  }));
  throw new ValidationError(issues);
}
