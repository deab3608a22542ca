import { ValidationError } from '@platform/errors';

const MAX_LENGTH = 64;
// Control characters (line breaks, NUL, escapes) have no place in a name.
const CONTROL = /\p{Cc}/u;

/**
 * The answer of GET /hello/:username. It is sent as text/plain with nosniff, so the
 * name is shown as text and never interpreted as HTML; it is bounded and checked here.
 */
export function greeting(framework: string, username: string): string {
  if (username.length === 0 || username.length > MAX_LENGTH || CONTROL.test(username)) {
    throw new ValidationError([
      { path: 'username', message: `expected 1 to ${MAX_LENGTH} characters without control characters` },
    ]);
  }
  return `Hello ${username} from ${framework} service`;
}
