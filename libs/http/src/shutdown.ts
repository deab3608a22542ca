import type { Logger } from '@platform/logging';

export interface ShutdownOptions {
  logger: Logger;
  /** Ordered steps: stop accepting, drain, close pools… each awaited in turn. */
  steps: readonly (() => Promise<void> | void)[];
  /** Bound on the whole shutdown; past it the process exits with 1. */
  timeoutMs: number;
  /** Signals that start the shutdown. */
  signals?: readonly NodeJS.Signals[];
  /** What to do at the end (tests pass their own). */
  exit?: (code: number) => void;
}

/**
 * Runs the steps once on SIGTERM/SIGINT, then exits 0; exits 1 if they fail,
 * take longer than the bound, or a second signal arrives.
 * Returns the function that runs the shutdown, for callers that stop on their own.
 */
export function installShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  const {
    logger,
    steps,
    timeoutMs,
    signals = ['SIGTERM', 'SIGINT'],
    exit = (code) => process.exit(code),
  } = options;
  let running: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    if (running) return running;
    logger.info({ reason, timeoutMs }, `Shutting down (${reason})`);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'Shutdown took too long; forcing exit');
      exit(1);
    }, timeoutMs);
    timer.unref();
    running = (async () => {
      let code = 0;
      for (const step of steps) {
        try {
          await step();
        } catch (error) {
          code = 1;
          logger.error({ err: error }, 'A shutdown step failed');
        }
      }
      clearTimeout(timer);
      exit(code);
    })();
    return running;
  };

  for (const signal of signals) {
    process.on(signal, () => {
      if (running) {
        logger.warn({ signal }, 'Second signal; exiting now');
        exit(1);
        return;
      }
      void shutdown(signal);
    });
  }
  return shutdown;
}
