/** A token a server accepts, with the name of the caller it belongs to (what logs show instead of it). */
export interface NamedToken {
  readonly name: string;
  readonly token: string;
}

/** A caller's name: 1 to 40 of a-z, 0-9 and -. */
export const callerNamePattern = /^[a-z0-9-]{1,40}$/;

/** The name a bare token gets: `caller-<position>`, counting from 1 in the list. */
export function positionalCallerName(index: number): string {
  return `caller-${index + 1}`;
}

/** Every entry named: bare tokens get their positional name (`caller-1`, `caller-2`…). */
export function namedTokens(tokens: readonly (string | NamedToken)[]): NamedToken[] {
  return tokens.map((entry, index) =>
    typeof entry === 'string' ? { name: positionalCallerName(index), token: entry } : entry,
  );
}
