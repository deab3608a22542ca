import { isAppError } from '@platform/errors';
import { closeLogger, createLogger, loggerSettingsFrom, type Logger } from '@platform/logging';
import { loadSettings, type Settings, type SettingsRules, type z } from '@platform/settings';
import { startTracing, tracingOptionsFrom } from '@platform/tracing';

export interface JobContext<Shape extends z.ZodRawShape> {
  settings: Settings<Shape>;
  /** JSON lines on stderr, so stdout carries the job's output alone. */
  logger: Logger;
  /** The command line after the script (process.argv.slice(2)). */
  args: readonly string[];
  /** Aborted by the first SIGINT/SIGTERM: stop soon, at a point where stopping is safe. */
  signal: AbortSignal;
}

export interface RunJobOptions<Shape extends z.ZodRawShape> {
  app: string;
  /** The app's package folder, holding env/<ENVIRONMENT>/.env. */
  root: string;
  shape: Shape;
  /** Checks across settings, reported like a bad variable (exit 2). */
  rules?: SettingsRules<Settings<Shape>>;
  /** The logs' process id (PROCESS_ID wins when set); the app id by default. */
  processId?: string;
  /** Extra exact pino redaction paths (secret key names are scrubbed already). */
  redact?: readonly string[];
  /** The job; resolves to its exit status (0 when it returns nothing). */
  run: (context: JobContext<Shape>) => Promise<number | void>;
}

/** What a job touches of its process; tests pass their own. */
export interface JobRuntime {
  args: readonly string[];
  /** Variables to read instead of process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where messages for people and the JSON log lines go. */
  writeStderr: (text: string) => void;
  onSignal: (signal: NodeJS.Signals, listener: () => void) => void;
  offSignal: (signal: NodeJS.Signals, listener: () => void) => void;
  /** Ends the process at once (a second signal). */
  exit: (code: number) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs a job against the given runtime and resolves to its exit status: the number run()
 * returns (0 by default), 1 when it throws, 2 for bad settings or a UsageError.
 */
export async function executeJob<Shape extends z.ZodRawShape>(
  options: RunJobOptions<Shape>,
  runtime: JobRuntime,
): Promise<number> {
  const { app, root, shape, rules, processId, redact, run } = options;
  const { writeStderr } = runtime;
  let settings: Settings<Shape>;
  try {
    settings = loadSettings({
      app,
      root,
      shape,
      ...(rules ? { rules } : {}),
      ...(runtime.env ? { env: runtime.env } : {}),
    });
  } catch (error) {
    writeStderr(`${app}: ${messageOf(error)}\n`);
    return 2;
  }

  const logger = createLogger(
    loggerSettingsFrom({ ...settings, PROCESS_ID: settings.PROCESS_ID ?? processId ?? app }),
    { destination: { write: (line: string) => writeStderr(line) }, ...(redact ? { redact } : {}) },
  );
  // Outgoing calls of the job carry W3C trace context (its spans are exported only when OTEL_* asks).
  const tracing = startTracing(tracingOptionsFrom(app, settings));
  const controller = new AbortController();
  const listeners = SIGNALS.map((name) => {
    const listener = (): void => {
      if (controller.signal.aborted) {
        logger.warn({ signal: name }, 'Second signal; exiting now');
        runtime.exit(1);
        return;
      }
      logger.info({ signal: name }, `${app}: stopping (${name})`);
      controller.abort(new Error(`Stopped by ${name}`));
    };
    runtime.onSignal(name, listener);
    return [name, listener] as const;
  });

  let code: number;
  try {
    const result = await run({ settings, logger, args: runtime.args, signal: controller.signal });
    code = typeof result === 'number' ? result : 0;
  } catch (error) {
    if (isAppError(error) && error.code === 'USAGE') {
      writeStderr(`${app}: ${error.message}\n`);
      code = 2;
    } else {
      logger.error({ err: error }, `${app} failed: ${messageOf(error)}`);
      code = 1;
    }
  } finally {
    for (const [name, listener] of listeners) runtime.offSignal(name, listener);
  }
  await tracing.flush().catch(() => undefined);
  await closeLogger(logger);
  return code;
}

/**
 * The whole life of a job or CLI: settings (bad ones: message on stderr, exit 2), a logger
 * writing JSON lines to stderr, run() with the arguments and an AbortSignal that the first
 * SIGINT/SIGTERM aborts (a second exits 1 at once), then exit with run()'s status: the number
 * it returns (0 by default), 1 when it throws (logged), 2 for a UsageError (message on stderr).
 * The process exits even if run() left a handle open.
 */
export async function runJob<Shape extends z.ZodRawShape>(options: RunJobOptions<Shape>): Promise<void> {
  const code = await executeJob(options, {
    args: process.argv.slice(2),
    writeStderr: (text) => void process.stderr.write(text),
    onSignal: (signal, listener) => void process.on(signal, listener),
    offSignal: (signal, listener) => void process.off(signal, listener),
    exit: (status) => process.exit(status),
  });
  // Output still buffered for a slow reader is written before the process ends.
  if (process.stdout.writableLength > 0) {
    await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
  }
  process.exit(code);
}
