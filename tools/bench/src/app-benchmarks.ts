import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RunContext } from './context.js';
import type { AppBenchResult } from './results.js';

export interface AppBenchmark {
  app: 'db-api' | 'counter' | 'totp' | 'grpc-backend';
  /** The script, relative to the app's folder. */
  script: string;
  /** Settings of that script beyond BENCH_SECONDS, BENCH_ROUNDS and BENCH_JSON. */
  env(context: RunContext): Record<string, string>;
  /** Rough duration (s) for the progress ETA. */
  estimateSeconds(context: RunContext): number;
}

const warmUp = (seconds: number) => Math.min(3, seconds);

export const appBenchmarks: readonly AppBenchmark[] = [
  {
    app: 'db-api',
    script: 'bench/run.mjs',
    env: (context) => ({ BENCH_DATABASE_URL: context.serverUrl }),
    // Eight scenarios: foo, users and bar, their express floors, pgbench extended and prepared.
    estimateSeconds: ({ settings: { seconds, rounds } }) =>
      15 + 8 * warmUp(seconds) + 8 * rounds * (seconds + 0.5),
  },
  {
    app: 'counter',
    script: 'bench/run.mjs',
    env: () => ({}),
    estimateSeconds: ({ settings: { seconds, rounds } }) =>
      5 + 2 * warmUp(seconds) + rounds * (2 * seconds + 3),
  },
  {
    app: 'totp',
    script: 'bench/check.mjs',
    env: (context) => ({ REDIS_URL: context.backing.redisUrl }),
    estimateSeconds: ({ settings: { seconds, rounds } }) => 5 + 2 * warmUp(seconds) + 2 * rounds * seconds,
  },
  {
    app: 'grpc-backend',
    script: 'bench/run.mjs',
    // getAll(1000) against the minimal server in paired 1 s slices: 6 pairs per round.
    env: (context) => ({ BENCH_SLICES: String(6 * context.settings.rounds) }),
    estimateSeconds: ({ settings: { seconds, rounds } }) => 40 + 12 * rounds + 13 * (seconds + 1) + 30,
  },
];

/**
 * Runs one app's benchmark script with BENCH_JSON and returns what it wrote. Its text output goes
 * to <logDir>/<app>-bench.log. Exit 0 or 2 (ran, target missed) both count as a run.
 */
export async function runAppBenchmark(context: RunContext, bench: AppBenchmark): Promise<AppBenchResult> {
  const appDir = path.join(context.root, 'apps', bench.app);
  const jsonFile = path.join(context.logDir, `${bench.app}-bench.json`);
  const logFile = path.join(context.logDir, `${bench.app}-bench.log`);
  rmSync(jsonFile, { force: true });
  const output = openSync(logFile, 'w');
  const child = spawn(process.execPath, [bench.script], {
    cwd: appDir,
    env: {
      ...process.env,
      BENCH_SECONDS: String(context.settings.seconds),
      BENCH_ROUNDS: String(context.settings.rounds),
      BENCH_CONNECTIONS: String(context.settings.connections),
      BENCH_CONCURRENCY: String(context.settings.connections),
      BENCH_JSON: jsonFile,
      WEB_CONCURRENCY: '1',
      ...bench.env(context),
    },
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  const [code] = (await once(child, 'exit')) as [number | null];
  if ((code !== 0 && code !== 2) || !existsSync(jsonFile)) {
    const tail = readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join(' / ');
    throw new Error(`${bench.app}/${bench.script} exited with ${code}: ${tail} (whole output: ${logFile})`);
  }
  return JSON.parse(readFileSync(jsonFile, 'utf8')) as AppBenchResult;
}
