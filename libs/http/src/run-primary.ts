import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@platform/logging';
import { serveClusterMetrics } from '@platform/metrics';

export interface PrimaryOptions {
  app: string;
  logger: Logger;
  workers: number;
  timeoutMs: number;
}

/**
 * The cluster primary: forks the workers, replaces one that dies after it was
 * listening, gives up (exit 1) if one dies before listening (bad config, port
 * taken), and on SIGTERM/SIGINT lets every worker drain before exiting. It gathers the
 * workers' metrics for GET /metrics, so a scrape counts every worker.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { app, logger, workers, timeoutMs } = options;
  const listening = new Set<number>();
  let stopping = false;

  serveClusterMetrics();
  const fork = (): Worker => cluster.fork();
  for (let i = 0; i < workers; i += 1) fork();

  cluster.on('listening', (worker) => {
    listening.add(worker.id);
    if (listening.size === workers) logger.info({ workers }, `${app}: ${workers} workers listening`);
  });

  cluster.on('exit', (worker, code, signal) => {
    const wasListening = listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    if (!wasListening) {
      logger.fatal({ code, signal }, `${app}: a worker failed to start; stopping`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      setTimeout(() => process.exit(1), timeoutMs).unref();
      return;
    }
    logger.warn({ code, signal, worker: worker.id }, `${app}: worker died; starting another`);
    fork();
  });

  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, `${app}: stopping ${workers} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => process.exit(1), timeoutMs + 2_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
