import cluster, { type Worker } from 'node:cluster';
import client from 'prom-client';
import { ServiceUnavailableError } from '@platform/errors';
import { registry } from './metric.js';

/**
 * GET /metrics with WEB_CONCURRENCY > 1. Each worker counts in its own registry, and a scrape
 * reaches whichever worker the kernel hands the connection to: alone, each answer would be one
 * worker's counts, and a counter would jump between them. So a worker that joined asks the
 * primary, the primary collects every joined worker's registry over IPC and adds them up
 * (prom-client's AggregatorRegistry.aggregate: counters and histograms summed, each runtime
 * metric by its own rule), and the scrape gets the whole process tree's numbers.
 */

/** The messages between the primary and its workers (cluster IPC, JSON). */
type ClusterMetricsMessage =
  | { type: 'platform:metrics:join' }
  | { type: 'platform:metrics:joined' }
  | { type: 'platform:metrics:ask'; id: number }
  | { type: 'platform:metrics:answer'; id: number; body?: string; error?: string }
  | { type: 'platform:metrics:collect'; id: number }
  | { type: 'platform:metrics:collected'; id: number; metrics?: WorkerMetrics; error?: string };

/** One worker's registry as prom-client reads it out (getMetricsAsJSON). */
type WorkerMetrics = client.MetricObjectWithValues<client.MetricValue<string>>[];

/** Bound on one collection: past it the scrape is refused (503) rather than answered short. */
const COLLECT_TIMEOUT_MS = 3_000;
/** Bound on a worker's wait for the primary's answer (the collection's, plus a margin). */
const ANSWER_TIMEOUT_MS = COLLECT_TIMEOUT_MS + 1_000;

function isMessage(message: unknown): message is ClusterMetricsMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { type?: unknown }).type === 'string' &&
    (message as { type: string }).type.startsWith('platform:metrics:')
  );
}

function sendTo(worker: Worker, message: ClusterMetricsMessage): void {
  // A worker that is gone cannot be answered; its scrape ended with it.
  if (worker.isConnected()) worker.send(message);
}

/** One scrape's collection in the primary: the answer of every worker that had joined when it began. */
class Collection {
  readonly #waiting: Set<Worker>;
  readonly #metrics: WorkerMetrics[] = [];
  readonly #settle: (error: Error | undefined, body?: string) => void;
  readonly #timer: NodeJS.Timeout;

  constructor(workers: Set<Worker>, settle: (error: Error | undefined, body?: string) => void) {
    this.#waiting = new Set(workers);
    this.#settle = settle;
    this.#timer = setTimeout(() => {
      this.#finish(new Error(`${this.#waiting.size} worker(s) did not send their metrics in time`));
    }, COLLECT_TIMEOUT_MS);
    this.#timer.unref();
  }

  /** Asks every waiting worker; one that is already gone is not waited for. */
  start(message: ClusterMetricsMessage): void {
    for (const worker of this.#waiting) {
      if (worker.isConnected()) worker.send(message);
      else this.#waiting.delete(worker);
    }
    this.#maybeDone();
  }

  add(worker: Worker, message: { metrics?: WorkerMetrics; error?: string }): void {
    if (!this.#waiting.delete(worker)) return;
    if (message.error !== undefined || message.metrics === undefined) {
      this.#finish(new Error(`a worker could not read its metrics: ${message.error ?? 'no metrics'}`));
      return;
    }
    this.#metrics.push(message.metrics);
    this.#maybeDone();
  }

  /** A worker that exits mid-collection is left out: its counts went with it. */
  drop(worker: Worker): void {
    if (this.#waiting.delete(worker)) this.#maybeDone();
  }

  #maybeDone(): void {
    if (this.#waiting.size > 0) return;
    clearTimeout(this.#timer);
    let aggregated: Promise<string>;
    try {
      aggregated = client.AggregatorRegistry.aggregate(this.#metrics).metrics();
    } catch (error) {
      // A metric whose aggregator prom-client does not know: a refused scrape, not a dead primary.
      this.#settle(error as Error);
      return;
    }
    aggregated.then(
      (body) => this.#settle(undefined, body),
      (error: Error) => this.#settle(error),
    );
  }

  #finish(error: Error): void {
    clearTimeout(this.#timer);
    this.#waiting.clear();
    this.#settle(error);
  }
}

let serving = false;

/**
 * In the cluster primary: answers the workers' GET /metrics with the sum of every joined worker's
 * registry. Idempotent.
 */
export function serveClusterMetrics(): void {
  if (serving || !cluster.isPrimary) return;
  serving = true;
  const joined = new Set<Worker>();
  const collections = new Map<number, Collection>();
  let nextId = 0;
  /** Scrapes that arrive while a collection runs share it: one read of each worker at a time. */
  let inFlight: Promise<string> | undefined;

  const collect = (): Promise<string> => {
    inFlight ??= new Promise<string>((resolve, reject) => {
      const id = nextId++;
      const collection = new Collection(joined, (error, body) => {
        collections.delete(id);
        if (error) reject(error);
        else resolve(body ?? '');
      });
      collections.set(id, collection);
      collection.start({ type: 'platform:metrics:collect', id });
    }).finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  cluster.on('message', (worker, message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'platform:metrics:join') {
      joined.add(worker);
      sendTo(worker, { type: 'platform:metrics:joined' });
    } else if (message.type === 'platform:metrics:collected') {
      collections.get(message.id)?.add(worker, message);
    } else if (message.type === 'platform:metrics:ask') {
      const { id } = message;
      collect().then(
        (body) => sendTo(worker, { type: 'platform:metrics:answer', id, body }),
        (error: Error) => sendTo(worker, { type: 'platform:metrics:answer', id, error: error.message }),
      );
    }
  });
  cluster.on('exit', (worker) => {
    joined.delete(worker);
    for (const collection of collections.values()) collection.drop(worker);
  });
}

interface PendingAnswer {
  resolve: (body: string) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** In a worker: whether the primary said it collects (so GET /metrics asks it). */
let primaryCollects = false;
let joining = false;
const pending = new Map<number, PendingAnswer>();
let nextAsk = 0;

function answerCollect(id: number): void {
  registry.getMetricsAsJSON().then(
    (metrics) =>
      process.send?.({ type: 'platform:metrics:collected', id, metrics } satisfies ClusterMetricsMessage),
    (error: Error) =>
      process.send?.({
        type: 'platform:metrics:collected',
        id,
        error: error.message,
      } satisfies ClusterMetricsMessage),
  );
}

/**
 * In a cluster worker: offers this worker's registry to the primary's collections and, once the
 * primary answers, makes GET /metrics answer for the whole cluster. Outside a worker, or under a
 * primary that does not collect, GET /metrics keeps answering for this process. Idempotent.
 */
export function joinClusterMetrics(): void {
  if (joining || !cluster.isWorker || process.send === undefined) return;
  joining = true;
  process.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === 'platform:metrics:joined') primaryCollects = true;
    else if (message.type === 'platform:metrics:collect') answerCollect(message.id);
    else if (message.type === 'platform:metrics:answer') {
      const waiting = pending.get(message.id);
      if (waiting === undefined) return;
      pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.body !== undefined) waiting.resolve(message.body);
      else waiting.reject(metricsUnavailable(message.error));
    }
  });
  process.send({ type: 'platform:metrics:join' } satisfies ClusterMetricsMessage);
}

function metricsUnavailable(reason = 'no answer'): ServiceUnavailableError {
  return new ServiceUnavailableError(`The workers' metrics could not be gathered (${reason})`);
}

/** The text GET /metrics answers: the whole cluster's in a joined worker, else this process's. */
export function metricsText(): Promise<string> {
  if (!primaryCollects) return registry.metrics();
  return new Promise((resolve, reject) => {
    const id = nextAsk++;
    const timer = setTimeout(() => {
      pending.delete(id);
      reject(metricsUnavailable('the primary did not answer in time'));
    }, ANSWER_TIMEOUT_MS);
    timer.unref();
    pending.set(id, { resolve, reject, timer });
    process.send?.({ type: 'platform:metrics:ask', id } satisfies ClusterMetricsMessage);
  });
}
