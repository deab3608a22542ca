import path from 'node:path';
import { mainOf, type AppDefinition } from './apps.js';
import type { RunContext } from './context.js';
import { answers, freePort, startServer, type Server } from './servers.js';

export interface StartAppOptions {
  /** Its output goes to <logDir>/<logName>.log. */
  logName: string;
  /** The server's name in messages; the app's name by default. */
  name?: string;
  /** node:cluster workers (WEB_CONCURRENCY); 1 by default. */
  webConcurrency?: number;
  /** Settings over the app's own for the run. */
  env?: Record<string, string>;
  /** Node options before the app's main file (`--cpu-prof`). */
  nodeArgs?: readonly string[];
  /** How often /readyz is polled (ms). */
  pollMs?: number;
}

export interface StartedApp {
  server: Server;
  /** `http://127.0.0.1:<port>`. */
  url: string;
}

/** One app from its production build on a free port, ready once /readyz answers 2xx. */
export async function startApp(
  context: RunContext,
  app: AppDefinition,
  options: StartAppOptions,
): Promise<StartedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = await startServer({
    name: options.name ?? app.name,
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), mainOf(context.root, app)],
    cwd: path.join(context.root, app.dir),
    env: { ...(await app.env(context.backing, port, options.webConcurrency ?? 1)), ...options.env },
    ready: answers(`${url}/readyz`),
    logFile: path.join(context.logDir, `${options.logName}.log`),
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
  });
  return { server, url };
}
