/** Variables to interpolate from: passed in, never read from process.env here. */
export type Environment = Readonly<Record<string, string | undefined>>;

export interface InterpolationProblem {
  /** Path below the value that was walked, such as `headers.authorization`. */
  path: string;
  message: string;
}

// `$$` is a literal `$`; `${NAME}` and `${NAME:-default}` are references; a lone `${` is unterminated.
const TOKEN = /\$\$|\$\{([^}]*)\}|\$\{/g;
const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Replaces `${NAME}` with the variable's value and `${NAME:-default}` with the value,
 * or the default when the variable is unset or empty (as in a shell). Defaults are literal.
 */
export function interpolateString(
  text: string,
  env: Environment,
): { value: string; problems: readonly string[] } {
  const problems: string[] = [];
  const value = text.replace(TOKEN, (match, body: string | undefined) => {
    if (match === '$$') return '$';
    if (body === undefined) {
      problems.push('has an unterminated ${ reference');
      return match;
    }
    const reference = REFERENCE.exec(body);
    if (!reference) {
      problems.push('has a malformed ${...} reference; expected ${NAME} or ${NAME:-default}');
      return match;
    }
    const [, name = '', fallback] = reference;
    const current = env[name];
    if (fallback !== undefined) return current === undefined || current === '' ? fallback : current;
    if (current === undefined) {
      problems.push(`uses \${${name}}, which is not set (give a default with \${${name}:-value})`);
      return match;
    }
    return current;
  });
  return { value, problems };
}

/** Interpolates every string inside a parsed YAML value (keys are left as written). */
export function interpolateValue(
  value: unknown,
  env: Environment,
  path: readonly string[] = [],
): { value: unknown; problems: readonly InterpolationProblem[] } {
  if (typeof value === 'string') {
    const result = interpolateString(value, env);
    return {
      value: result.value,
      problems: result.problems.map((message) => ({ path: path.join('.'), message })),
    };
  }
  if (Array.isArray(value)) {
    const problems: InterpolationProblem[] = [];
    const items = value.map((item, index) => {
      const result = interpolateValue(item, env, [...path, String(index)]);
      problems.push(...result.problems);
      return result.value;
    });
    return { value: items, problems };
  }
  if (value !== null && typeof value === 'object') {
    const problems: InterpolationProblem[] = [];
    const entries = Object.entries(value).map(([key, item]) => {
      const result = interpolateValue(item, env, [...path, key]);
      problems.push(...result.problems);
      return [key, result.value] as const;
    });
    return { value: Object.fromEntries(entries), problems };
  }
  return { value, problems: [] };
}
