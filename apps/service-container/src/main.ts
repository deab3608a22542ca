import path from 'node:path';
import { createDbApiClient } from '@platform/db-api-client';
import { isAppError } from '@platform/errors';
import { runJob, UsageError } from '@platform/http';
import { loadContainer, type ServiceContainer } from '@platform/service-container';
import { readEnvironment } from '@platform/settings';
import { parseCliArgs, usage, type Command } from './cli-args.js';
import { checkAll, DB_API, formatLines, greetAll } from './demo.js';
import { demoSettingsShape } from './demo-settings.js';

// A job, not a server: answers go to stdout, logs (JSON lines) to stderr.
// Exit status: 0 when every service answered, 1 when one did not, 2 for bad arguments or configuration.
const app = 'service-container';
const root = path.resolve(import.meta.dirname, '..');

await runJob({
  app,
  root,
  shape: demoSettingsShape,
  run: async ({ settings, logger, args }) => {
    let command: Command;
    try {
      command = parseCliArgs(args);
    } catch (error) {
      throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n${usage}`, {
        cause: error,
      });
    }
    if (command.kind === 'help') {
      process.stdout.write(`${usage}\n`);
      return 0;
    }

    const file = settings.CONTAINER_FILE
      ? path.resolve(settings.CONTAINER_FILE)
      : path.join(root, 'container.yml');
    let container: ServiceContainer;
    try {
      container = await loadContainer(file, { env: readEnvironment(), logger });
    } catch (error) {
      process.stderr.write(`${app}: ${isAppError(error) ? error.message : `cannot load ${file}`}\n`);
      return 2;
    }

    // db-api through its typed client, at the address the container file gives it.
    const dbApi =
      settings.DB_API_TOKEN && container.names().includes(DB_API)
        ? createDbApiClient({
            baseUrl: container.options(DB_API).baseUrl,
            token: settings.DB_API_TOKEN,
            timeoutMs: settings.CHECK_TIMEOUT_MS,
          })
        : undefined;
    try {
      const lines =
        command.kind === 'check'
          ? await checkAll(container, settings.CHECK_TIMEOUT_MS)
          : await greetAll(container, command.name, { checkTimeoutMs: settings.CHECK_TIMEOUT_MS, dbApi });
      process.stdout.write(formatLines(lines));
      return lines.every((line) => line.ok) ? 0 : 1;
    } finally {
      container.close();
    }
  },
});
