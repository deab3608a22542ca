import type { ValidationIssue } from './catalogue.js';

interface ZodLikeIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** One issue per field, with a dotted path, from a zod error's `issues`. */
export function issuesFromZod(issues: readonly ZodLikeIssue[]): ValidationIssue[] {
  return issues.map((issue) => ({
    path: issue.path
      .map((part) => (typeof part === 'symbol' ? (part.description ?? '') : String(part)))
      .join('.'),
    message: issue.message,
  }));
}
