import type { Backing } from './apps.js';

export interface BenchSettings {
  /** Seconds per measurement (BENCH_SECONDS). */
  seconds: number;
  /** Interleaved rounds per comparison (BENCH_ROUNDS). */
  rounds: number;
  /** Keep-alive connections of every load. */
  connections: number;
}

/** What every step of one run shares. */
export interface RunContext {
  /** The repository root. */
  root: string;
  settings: BenchSettings;
  backing: Backing;
  /** Where servers' and scripts' output goes (kept after the run). */
  logDir: string;
  /** The interpreter gunicorn runs under for the seed apps. */
  python: string;
  /** The PostgreSQL server the db-api script makes its own database on. */
  serverUrl: string;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
