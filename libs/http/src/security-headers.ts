import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** Sets the security headers on a response. */
export type SecurityHeaders = (req: IncomingMessage, res: ServerResponse) => void;

function hasFunction(value: unknown, depth = 0): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object' || depth > 8) return false;
  return Object.values(value).some((item) => hasFunction(item, depth + 1));
}

/**
 * helmet's headers, worked out once: helmet runs a chain of small middlewares that set the
 * same values on every response, so they are recorded at start-up and replayed as one loop.
 * Options with functions (a CSP nonce per request) keep helmet itself per request.
 */
export function securityHeaders(options: HelmetOptions = {}): SecurityHeaders {
  const middleware = helmet(options);
  if (hasFunction(options)) {
    return (req, res) => middleware(req, res, () => undefined);
  }
  const recorded: [string, string | number | readonly string[]][] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.push([name, value]);
      return recorder;
    },
    removeHeader() {
      // helmet only removes X-Powered-By, which the platform never sets.
    },
    getHeader: () => undefined,
  };
  let done = false;
  middleware({ headers: {} } as IncomingMessage, recorder as unknown as ServerResponse, () => {
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  const names = recorded.map(([name]) => name);
  const values = recorded.map(([, value]) => value);
  const count = names.length;
  return (_req, res) => {
    for (let index = 0; index < count; index++) res.setHeader(names[index]!, values[index]!);
  };
}
