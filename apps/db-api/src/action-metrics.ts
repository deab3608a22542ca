import { performance } from 'node:perf_hooks';
import { isAppError } from '@platform/errors';
import { counter, LabelHistogram, type Counter } from '@platform/metrics';

const buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function actionsTotal(): Counter<'module' | 'action' | 'outcome'> {
  return counter({
    name: 'db_api_actions_total',
    help: 'db-api actions run, by module, action and outcome (ok, or the error’s catalogue code)',
    labelNames: ['module', 'action', 'outcome'],
  });
}

/** The metrics of one action: made once, when its route is mounted. */
export class ActionMetrics {
  readonly #key: string;
  readonly #labels: readonly [string, string];
  readonly #duration = LabelHistogram.registered({
    name: 'db_api_action_duration_seconds',
    help: 'Time to run a db-api action (input checked, handler and its queries), by module and action',
    labelNames: ['module', 'action'],
    buckets,
  });
  readonly #ok: { inc: () => void };

  constructor(module: string, action: string) {
    this.#key = `${module}/${action}`;
    this.#labels = [module, action];
    this.#duration.define(this.#key, this.#labels);
    this.#ok = actionsTotal().labels(module, action, 'ok');
  }

  /** performance.now() when the action starts. */
  start(): number {
    return performance.now();
  }

  /** The action ran; `error` is what it threw, if anything (its code is the outcome, INTERNAL for a non-platform error). */
  finish(startedAt: number, error?: unknown): void {
    this.#duration.observe(this.#key, (performance.now() - startedAt) / 1_000);
    if (error === undefined) this.#ok.inc();
    else actionsTotal().inc({ module: this.#labels[0], action: this.#labels[1], outcome: outcomeOf(error) });
  }
}

function outcomeOf(error: unknown): string {
  return isAppError(error) ? error.code : 'INTERNAL';
}
