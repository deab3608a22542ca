import path from 'node:path';
import { isAppError } from '@platform/errors';
import { closeLogger, createLogger, loggerSettingsFrom } from '@platform/logging';
import { loadContainer, type ServiceContainer } from '@platform/service-container';
import { loadSettings, readEnvironment, type Settings } from '@platform/settings';
import { parseCliArgs, usage, type Command } from './cli-args.js';
import { checkAll, formatLines, greetAll } from './demo.js';
import { demoSettingsShape } from './demo-settings.js';

// A job, not a server: answers go to stdout, logs (JSON lines) to stderr.
// Exit status: 0 when every service answered, 1 when one did not, 2 for bad arguments or configuration.
const app = 'service-container';
const root = path.resolve(import.meta.dirname, '..');

function stop(code: number, message: string): never {
  process.stderr.write(`${app}: ${message}\n`);
  process.exit(code);
}

let command: Command;
try {
  command = parseCliArgs(process.argv.slice(2));
} catch (error) {
  stop(2, `${error instanceof Error ? error.message : String(error)}\n${usage}`);
}
if (command.kind === 'help') {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}

let settings: Settings<typeof demoSettingsShape>;
try {
  settings = loadSettings({ app, root, shape: demoSettingsShape });
} catch (error) {
  stop(2, error instanceof Error ? error.message : String(error));
}
const logger = createLogger(loggerSettingsFrom(settings), {
  destination: { write: (line: string) => void process.stderr.write(line) },
});

const file = settings.CONTAINER_FILE
  ? path.resolve(settings.CONTAINER_FILE)
  : path.join(root, 'container.yml');
let container: ServiceContainer;
try {
  container = await loadContainer(file, { env: readEnvironment(), logger });
} catch (error) {
  await closeLogger(logger);
  stop(2, isAppError(error) ? error.message : `cannot load ${file}`);
}

try {
  const lines =
    command.kind === 'check'
      ? await checkAll(container, settings.CHECK_TIMEOUT_MS)
      : await greetAll(container, command.name, { checkTimeoutMs: settings.CHECK_TIMEOUT_MS });
  process.stdout.write(formatLines(lines));
  process.exitCode = lines.every((line) => line.ok) ? 0 : 1;
} finally {
  container.close();
  await closeLogger(logger);
}
