import path from 'node:path';
import { apps, type AppDefinition } from './apps.js';
import { median, type RunContext } from './context.js';
import type { SeedResult } from './results.js';
import { answers, freePort, startServer, type Server } from './servers.js';
import { startApp } from './start-app.js';
import { wrk, type LoadRequest, type LoadResult } from './wrk.js';

export interface SeedComparison {
  id: string;
  label: string;
  goal: number;
  app: AppDefinition['name'];
  /** The seed app's folder under tools/bench/seed. */
  seedDir: string;
  seedEnv(context: RunContext): Record<string, string>;
  /** The request both are loaded with (the seed is probed with it too). */
  request(context: RunContext, url: string): LoadRequest;
  note: string;
}

const fooBody = JSON.stringify({ name: 'Gonzalo', email: 'gonzalo@example.com' });

export const seedComparisons: readonly SeedComparison[] = [
  {
    id: 'seed-db-api-foo',
    label: 'db-api POST /example/foo',
    goal: 1.3,
    app: 'db-api',
    seedDir: 'db-api',
    seedEnv: (context) => ({ BEARER: context.backing.bearer, LOG_LEVEL: 'INFO' }),
    request: (context, url) => ({
      url: `${url}/example/foo`,
      method: 'POST',
      body: fooBody,
      headers: { Authorization: `Bearer ${context.backing.bearer}`, 'Content-Type': 'application/json' },
    }),
    note: 'seed: Flask blueprint skeleton, foo action (no database)',
  },
  {
    id: 'seed-counter',
    label: 'counter GET /',
    goal: 2,
    app: 'counter',
    seedDir: 'counter',
    seedEnv: (context) => {
      const redis = new URL(context.backing.redisUrl);
      return { REDIS_HOST: redis.hostname, REDIS_PORT: redis.port };
    },
    request: (_context, url) => ({ url: `${url}/` }),
    note: 'seed: Flask + redis-py, INCR then GET as in the post; gunicorn sync workers close each connection',
  },
];

/** Rough duration (s) of one comparison, for the progress ETA. */
export function seedEstimateSeconds(context: RunContext): number {
  const { seconds, rounds } = context.settings;
  return 6 + 2 * Math.min(3, seconds) + 2 * rounds * seconds;
}

/**
 * The platform app with WEB_CONCURRENCY=2 and the seed's Flask app under `gunicorn -w 2`, loaded
 * alike in interleaved rounds: medians, and the median of the per-round requests/s ratios.
 */
export async function compareWithSeed(context: RunContext, comparison: SeedComparison): Promise<SeedResult> {
  const app = apps.find((entry) => entry.name === comparison.app);
  if (!app) throw new Error(`no app ${comparison.app}`);
  const { seconds, rounds, connections } = context.settings;
  const servers: Server[] = [];
  try {
    const { server: platform, url: appUrl } = await startApp(context, app, {
      name: `${app.name} (WEB_CONCURRENCY=2)`,
      webConcurrency: 2,
      logName: `seed-${app.name}-platform`,
    });
    servers.push(platform);
    const seedPort = await freePort();
    const seedUrl = `http://127.0.0.1:${seedPort}`;
    const probe = comparison.request(context, seedUrl);
    const seed = await startServer({
      name: `seed ${comparison.seedDir} (gunicorn -w 2)`,
      command: context.python,
      args: ['-m', 'gunicorn', '-w', '2', '-b', `127.0.0.1:${seedPort}`, 'app:app'],
      cwd: path.join(context.root, 'tools/bench/seed', comparison.seedDir),
      env: { PYTHONDONTWRITEBYTECODE: '1', ...comparison.seedEnv(context) },
      ready: answers(probe.url, {
        method: probe.method ?? 'GET',
        ...(probe.body ? { body: probe.body } : {}),
        headers: probe.headers ?? {},
      }),
      logFile: path.join(context.logDir, `seed-${comparison.seedDir}-gunicorn.log`),
    });
    servers.push(seed);
    const targets = {
      platform: { request: comparison.request(context, appUrl), pid: platform.pid },
      seed: { request: probe, pid: seed.pid },
    };
    const measure = (name: 'platform' | 'seed', duration: number) =>
      wrk(targets[name].request, { seconds: duration, connections, pid: targets[name].pid });
    await measure('platform', Math.min(3, seconds));
    await measure('seed', Math.min(3, seconds));
    const results: Record<'platform' | 'seed', LoadResult[]> = { platform: [], seed: [] };
    for (let round = 0; round < rounds; round += 1) {
      const order: ('platform' | 'seed')[] = round % 2 === 0 ? ['platform', 'seed'] : ['seed', 'platform'];
      for (const name of order) results[name].push(await measure(name, seconds));
    }
    const summary = (name: 'platform' | 'seed', label: string) => ({
      name: label,
      rps: median(results[name].map((r) => r.rps)),
      cpuUs: median(results[name].map((r) => r.cpuUs)),
      p99Ms: median(results[name].map((r) => r.p99Ms)),
    });
    const platformFigures = summary('platform', `${app.name} WEB_CONCURRENCY=2`);
    const seedFigures = summary('seed', `seed gunicorn -w 2`);
    return {
      id: comparison.id,
      label: comparison.label,
      goal: comparison.goal,
      platform: platformFigures,
      seed: seedFigures,
      rps: median(results.platform.map((r, index) => r.rps / (results.seed[index]?.rps ?? Number.NaN))),
      cpu: seedFigures.cpuUs / platformFigures.cpuUs,
      note: comparison.note,
    };
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
}
