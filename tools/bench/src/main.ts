import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { appBenchmarks, runAppBenchmark } from './app-benchmarks.js';
import { apps, mainOf, type Backing } from './apps.js';
import type { BenchSettings, RunContext } from './context.js';
import { measureMemory, memoryEstimateSeconds } from './memory.js';
import { missingPrerequisites } from './preflight.js';
import { Progress, type PlannedStep } from './progress.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSvg } from './render-svg.js';
import type { BenchResults } from './results.js';
import { compareWithSeed, seedComparisons, seedEstimateSeconds } from './seed-comparison.js';
import { freePort, startServer, stopAllServers, type Server } from './servers.js';
import { startApp } from './start-app.js';
import { measureStartup, startupSamples } from './startup.js';
import {
  httpMetricsCostNs,
  measureObservability,
  observabilityEstimateSeconds,
  observedApps,
} from './observability.js';
import { profileApp, profileEstimateSeconds } from './profile.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const env = process.env;

function positive(name: string, fallback: number): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number (got "${env[name]}")`);
    process.exit(1);
  }
  return value;
}

const settings: BenchSettings = {
  seconds: positive('BENCH_SECONDS', 5),
  rounds: Math.round(positive('BENCH_ROUNDS', 3)),
  connections: 16,
};
const python = env['BENCH_PYTHON'] ?? '/usr/bin/python3';
const serverUrl = env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const outDir = path.resolve(root, env['BENCH_OUT'] ?? 'docs/benchmarks');
const stepIds = [
  'db-api',
  'counter',
  'totp',
  'grpc-backend',
  'seed',
  'observability',
  'memory',
  'startup',
  'profile',
];
const only = env['BENCH_ONLY'] ? env['BENCH_ONLY'].split(',').map((id) => id.trim()) : stepIds;
const unknown = only.filter((id) => !stepIds.includes(id));
if (unknown.length > 0) {
  console.error(`BENCH_ONLY: unknown step ${unknown.join(', ')}; steps: ${stepIds.join(', ')}`);
  process.exit(1);
}

const commandExists = (command: string): boolean => {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const problems = missingPrerequisites(
  {
    exists: (file) => existsSync(path.join(root, file)),
    hasCommand: commandExists,
    hasPythonModule: (module) => {
      try {
        execFileSync(python, ['-c', `import ${module}`], { stdio: 'ignore' });
        return true;
      } catch {
        return false;
      }
    },
  },
  apps.map((app) => path.relative(root, mainOf(root, app))),
  python,
);
if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}

const logDir = mkdtempSync(path.join(tmpdir(), 'platform-bench-'));
const backing: Backing = {
  redisUrl: '',
  databaseUrl: Object.assign(new URL(serverUrl), {
    pathname: `/bench_${randomBytes(4).toString('hex')}`,
  }).toString(),
  bearer: randomBytes(24).toString('base64url'),
};
const context: RunContext = { root, settings, backing, logDir, python, serverUrl };

const plan: (PlannedStep & { id: string; run: () => Promise<void> })[] = [];
const results: BenchResults = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: totalmem() / 2 ** 30,
    os: `${type()} ${release()}`,
    loadAverage: loadavg()[0] ?? Number.NaN,
  },
  node: process.version,
  settings,
  apps: [],
  seed: [],
  memory: [],
  startup: [],
  observability: [],
  profiles: [],
  failures: [],
};

for (const bench of appBenchmarks) {
  if (!only.includes(bench.app)) continue;
  plan.push({
    id: bench.app,
    name: `${bench.app} against its floor`,
    estimateSeconds: bench.estimateSeconds(context),
    run: async () => void results.apps.push(await runAppBenchmark(context, bench)),
  });
}
if (only.includes('seed')) {
  for (const comparison of seedComparisons) {
    plan.push({
      id: 'seed',
      name: `${comparison.label}: WEB_CONCURRENCY=2 against the seed under gunicorn -w 2`,
      estimateSeconds: seedEstimateSeconds(context),
      run: async () => void results.seed.push(await compareWithSeed(context, comparison)),
    });
  }
}
if (only.includes('observability')) {
  plan.push({
    id: 'observability',
    name: 'HTTP metrics per request, in-process',
    estimateSeconds: 3,
    run: async () => void (results.httpMetricsNs = await httpMetricsCostNs()),
  });
  for (const app of apps.filter((entry) => observedApps.includes(entry.name))) {
    plan.push({
      id: 'observability',
      name: `${app.name} with tracing on and off`,
      estimateSeconds: observabilityEstimateSeconds(context),
      run: async () => void results.observability?.push(await measureObservability(context, app)),
    });
  }
}
if (only.includes('memory')) {
  for (const app of apps) {
    plan.push({
      id: 'memory',
      name: `${app.name} resident memory under load`,
      estimateSeconds: memoryEstimateSeconds(context),
      run: async () => void results.memory.push(await measureMemory(context, app)),
    });
  }
}
if (only.includes('startup')) {
  for (const app of apps) {
    plan.push({
      id: 'startup',
      name: `${app.name} start-up`,
      estimateSeconds: startupSamples * 1.5,
      run: async () => void results.startup.push(await measureStartup(context, app)),
    });
  }
}
if (only.includes('profile')) {
  for (const app of apps) {
    plan.push({
      id: 'profile',
      name: `${app.name} flame graph`,
      estimateSeconds: profileEstimateSeconds(context),
      run: async () => {
        mkdirSync(outDir, { recursive: true });
        results.profiles?.push(await profileApp(context, app, outDir));
      },
    });
  }
}
const setUp = { name: 'set-up: private Redis, migrated database', estimateSeconds: 8 };
const progress = new Progress([setUp, ...plan], process.stderr);

process.on('SIGINT', () => {
  stopAllServers();
  process.exit(130);
});
process.on('exit', stopAllServers);

const psql = (sql: string) => run('psql', [serverUrl, '-v', 'ON_ERROR_STOP=1', '-qc', sql]);
let redis: Server | undefined;
let databaseCreated = false;
console.error(
  `Benchmarks: BENCH_SECONDS=${settings.seconds} BENCH_ROUNDS=${settings.rounds}, ${settings.connections} connections; ` +
    `logs in ${logDir}`,
);
try {
  progress.start(setUp.name);
  const redisPort = await freePort();
  redis = await startServer({
    name: 'redis-server',
    command: 'redis-server',
    args: [
      '--port',
      String(redisPort),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      logDir,
    ],
    cwd: logDir,
    env: {},
    ready: async () => {
      try {
        return (await run('redis-cli', ['-p', String(redisPort), 'ping'])).stdout.trim() === 'PONG';
      } catch {
        return false;
      }
    },
    logFile: path.join(logDir, 'redis.log'),
  });
  backing.redisUrl = `redis://127.0.0.1:${redisPort}`;
  await psql(`CREATE DATABASE "${new URL(backing.databaseUrl).pathname.slice(1)}"`);
  databaseCreated = true;
  // db-api migrates the database once; every later start runs with MIGRATE_ON_START=false.
  const dbApi = apps.find((app) => app.name === 'db-api');
  if (dbApi) {
    const { server: migrator } = await startApp(context, dbApi, {
      name: 'db-api (migrating)',
      logName: 'db-api-migrate',
      env: { MIGRATE_ON_START: 'true' },
    });
    await migrator.stop();
  }
  progress.finish('ok');
  for (const step of plan) {
    progress.start(step.name);
    try {
      await step.run();
      progress.finish('ok');
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.failures.push({ step: step.name, error: message });
      progress.finish(`failed: ${message}`);
    }
  }
} catch (error) {
  results.failures.push({ step: setUp.name, error: error instanceof Error ? error.message : String(error) });
  progress.finish(`failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await redis?.stop();
  if (databaseCreated) {
    await psql(
      `DROP DATABASE IF EXISTS "${new URL(backing.databaseUrl).pathname.slice(1)}" WITH (FORCE)`,
    ).catch(() => undefined);
  }
}

mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, 'report.md'), renderMarkdown(results));
writeFileSync(path.join(outDir, 'report.svg'), renderSvg(results));
writeFileSync(path.join(logDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
console.error(`\nWrote ${path.join(outDir, 'report.md')} and report.svg; raw results and logs in ${logDir}`);
if (results.failures.length > 0) {
  console.error(
    `${results.failures.length} step(s) failed: ${results.failures.map((f) => f.step).join('; ')}`,
  );
  process.exitCode = 1;
}
