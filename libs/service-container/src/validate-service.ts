import type { z } from 'zod';
import type { ContainerProblem } from './container-config-error.js';
import { SERVICE_NAME, serviceOptionsSchema, type ServiceOptions } from './service-options.js';

function fieldOf(path: readonly PropertyKey[]): string {
  return path.map((part) => (typeof part === 'symbol' ? (part.description ?? '') : String(part))).join('.');
}

function problemsOf(service: string, issues: readonly z.core.$ZodIssue[]): ContainerProblem[] {
  return issues.flatMap((issue): ContainerProblem[] => {
    const field = fieldOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        service,
        field: field ? `${field}.${key}` : key,
        message: 'is not a known option',
      }));
    }
    const missing = issue.code === 'invalid_type' && issue.input === undefined;
    return [{ service, field: field || '(entry)', message: missing ? 'is required' : issue.message }];
  });
}

/** Checks one service's name and options; returns its options with defaults applied, or its problems. */
export function validateService(
  service: string,
  raw: unknown,
): { options: ServiceOptions; problems?: undefined } | { options?: undefined; problems: ContainerProblem[] } {
  if (!SERVICE_NAME.test(service)) {
    return {
      problems: [
        {
          service,
          message: 'is not a valid service name (a letter, then up to 63 letters, digits, _ . or -)',
        },
      ],
    };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ service, message: 'expected a mapping of options (baseUrl, timeout, retry…)' }] };
  }
  const result = serviceOptionsSchema.safeParse(raw, { reportInput: true });
  if (!result.success) return { problems: problemsOf(service, result.error.issues) };
  return { options: result.data };
}
