import { setTimeout as sleep } from 'node:timers/promises';
import { toDatabaseError } from '@platform/db';
import type { Logger } from '@platform/logging';
import { migrate, type MigrateOptions } from './migrate.js';

export interface MigrationRunnerOptions extends MigrateOptions {
  /** First wait after the database could not be reached; doubles up to maxDelayMs. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * Migrates at start-up. A migration that fails on its own (bad SQL) stops the
 * start; a database that cannot be reached does not: the app starts not ready
 * and keeps trying in the background, so it never crashes for a backing service.
 */
export class MigrationRunner {
  readonly #options: MigrationRunnerOptions;
  readonly #logger: Logger;
  #done = false;
  #stopped = false;

  constructor(options: MigrationRunnerOptions) {
    this.#options = options;
    this.#logger = options.logger;
  }

  /** Whether the schema is up to date (a readiness check). */
  get done(): boolean {
    return this.#done;
  }

  /** The first attempt; rejects only when a migration itself fails. */
  async start(): Promise<void> {
    const { initialDelayMs = 1_000 } = this.#options;
    if (await this.#attempt()) return;
    void this.#retry(initialDelayMs);
  }

  stop(): void {
    this.#stopped = true;
  }

  async #attempt(): Promise<boolean> {
    try {
      const applied = await migrate(this.#options);
      this.#done = true;
      this.#logger.info(
        { applied },
        applied.length ? `Applied ${applied.length} migrations` : 'Schema is up to date',
      );
      return true;
    } catch (error) {
      if (toDatabaseError(error).code === 'DATABASE_UNAVAILABLE') {
        this.#logger.warn('Database unreachable; migrations will be retried');
        return false;
      }
      throw error;
    }
  }

  async #retry(delayMs: number): Promise<void> {
    const { maxDelayMs = 30_000 } = this.#options;
    let delay = delayMs;
    while (!this.#stopped && !this.#done) {
      await sleep(delay, undefined, { ref: false });
      if (this.#stopped) return;
      try {
        if (await this.#attempt()) return;
      } catch (error) {
        this.#logger.fatal({ err: error }, 'A migration failed; the service stays not ready');
        return;
      }
      delay = Math.min(delay * 2, maxDelayMs);
    }
  }
}
