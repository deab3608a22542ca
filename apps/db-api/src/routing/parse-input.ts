import { issuesFromZod, ValidationError, type ValidationIssue } from '@platform/errors';
import type { z } from 'zod';

/** One issue per field: unknown keys each get their own; later issues on a path are dropped. */
function issuesPerField(issues: readonly z.core.$ZodIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  const result: ValidationIssue[] = [];
  for (const issue of issues) {
    const expanded =
      issue.code === 'unrecognized_keys'
        ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'Unknown field' }))
        : [issue];
    for (const field of issuesFromZod(expanded)) {
      if (seen.has(field.path)) continue;
      seen.add(field.path);
      result.push(field);
    }
  }
  return result;
}

/** The typed input of an action; a missing body counts as `{}`. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const result = schema.safeParse(body === undefined ? {} : body);
  if (result.success) return result.data;
  throw new ValidationError(issuesPerField(result.error.issues));
}
