import { envList, type z } from '@platform/settings';
import { callerNamePattern, positionalCallerName, type NamedToken } from './named-token.js';

/** The shortest token a server accepts. */
export const minimumTokenLength = 16;

/** What an `Authorization: Bearer` header can carry, without the list separator. */
const tokenCharacters = /^[\x21-\x2b\x2d-\x7e]+$/;

/**
 * One entry of an accepted-token list: `name:token`, or a bare token (named by its position).
 * Problems name the entry by its position and never echo the value: it is a secret.
 */
function parseEntry(entry: string, index: number, context: z.RefinementCtx): NamedToken | undefined {
  const colon = entry.indexOf(':');
  const name = colon < 0 ? positionalCallerName(index) : entry.slice(0, colon).trim();
  const token = colon < 0 ? entry : entry.slice(colon + 1).trim();
  const problem = (message: string): undefined => {
    context.addIssue({ code: 'custom', message, path: [index] });
    return undefined;
  };
  if (!callerNamePattern.test(name)) {
    return problem('a caller name (before ":") is 1 to 40 of a-z, 0-9 and -');
  }
  if (token.length < minimumTokenLength) {
    return problem(`each token needs at least ${minimumTokenLength} characters`);
  }
  if (!tokenCharacters.test(token)) {
    return problem('a token is printable ASCII without spaces or commas (what a Bearer header carries)');
  }
  return { name, token };
}

/**
 * The shared setting of a server's accepted bearer tokens (BEARER in every app): a comma-separated
 * list of `name:token` entries or bare tokens, the bare ones named `caller-1`, `caller-2`… by position.
 * Each token needs 16+ printable characters; names and tokens must be unique. Parses to
 * `readonly NamedToken[]` (possibly empty: add `.refine` to require one, `.default([])` or `.optional()`).
 */
export const acceptedTokensSetting = envList.transform((entries, context): readonly NamedToken[] => {
  const parsed = entries.map((entry, index) => parseEntry(entry, index, context));
  const names = new Set<string>();
  const tokens = new Set<string>();
  parsed.forEach((entry, index) => {
    if (!entry) return;
    if (names.has(entry.name)) {
      context.addIssue({
        code: 'custom',
        message: `the caller name ${entry.name} is used twice`,
        path: [index],
      });
    }
    if (tokens.has(entry.token)) {
      context.addIssue({ code: 'custom', message: 'this token is listed twice', path: [index] });
    }
    names.add(entry.name);
    tokens.add(entry.token);
  });
  return parsed.filter((entry) => entry !== undefined);
});
