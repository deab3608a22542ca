import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { MethodNotAllowedError, NotFoundError, ValidationError } from '@platform/errors';
import { Readiness } from '@platform/http';
import { createRequestLogger, type Logger } from '@platform/logging';
import { greeting } from './greeting.js';
import { secureHeaders, sendError, sendJson, sendText } from './respond.js';

export interface AppDeps {
  logger: Logger;
  readiness?: Readiness;
}

const HELLO = /^\/hello\/([^/]+)$/;
const READ_METHODS = ['GET', 'HEAD'];

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ValidationError([{ path: 'url', message: 'expected valid percent-encoding' }]);
  }
}

/**
 * The hello service on plain node:http: GET /hello/:username as text/plain,
 * GET /healthz and /readyz, the platform's request logs, ids and error envelope.
 */
export function createApp(deps: AppDeps): RequestListener {
  const { logger, readiness = new Readiness() } = deps;
  const requestLogger = createRequestLogger(logger);

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const head = req.method === 'HEAD';
    const hello = HELLO.exec(path);
    const known = hello !== null || path === '/healthz' || path === '/readyz';
    if (!known) throw new NotFoundError(`No route for ${req.method} ${path}`);
    if (!READ_METHODS.includes(req.method ?? '')) throw new MethodNotAllowedError(READ_METHODS);

    if (hello) {
      sendText(res, greeting('node:http', decodeSegment(hello[1] ?? '')), head);
    } else if (path === '/healthz') {
      sendJson(res, 200, { status: 'ok' }, head);
    } else {
      const report = await readiness.report();
      sendJson(
        res,
        report.ready ? 200 : 503,
        { status: report.ready ? 'ready' : 'not ready', ...report },
        head,
      );
    }
  }

  return (req, res) => {
    // Sets req.id (an incoming x-request-id when sane), echoes it, logs one line when the answer ends.
    requestLogger(req, res);
    secureHeaders(res);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    route(req, res, path).catch((error: unknown) => {
      sendError(res, error, { logger, requestId: req.id, method: req.method ?? 'GET', url: path });
    });
  };
}
