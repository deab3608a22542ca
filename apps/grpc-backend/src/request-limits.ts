import { ValidationError } from '@platform/errors';

export interface RequestLimits {
  /** Largest `length` accepted. */
  maxLength: number;
  /** Longest `name` accepted by sayHello, in characters. */
  maxNameLength: number;
}

/** A `length` in 0..maxLength, or VALIDATION_FAILED naming the field and the range. */
export function checkLength(length: number, limits: RequestLimits): number {
  if (!Number.isInteger(length) || length < 0 || length > limits.maxLength) {
    throw new ValidationError(
      [{ path: 'length', message: `must be an integer from 0 to ${limits.maxLength}` }],
      `length must be an integer from 0 to ${limits.maxLength}`,
    );
  }
  return length;
}

export function checkName(name: string, limits: RequestLimits): string {
  if (name.length > limits.maxNameLength) {
    throw new ValidationError(
      [{ path: 'name', message: `must be at most ${limits.maxNameLength} characters` }],
      `name must be at most ${limits.maxNameLength} characters`,
    );
  }
  return name;
}
