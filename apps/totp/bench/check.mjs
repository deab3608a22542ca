#!/usr/bin/env node
// Verifications per second of the seed-compatible GET /check/:key (production build, real Redis),
// next to its floor — an express route doing the same work (bare-express.mjs: the app's TOTP check
// and Redis attempt script, no platform layers) — at 16 concurrent connections, interleaved in one
// run, with each server's CPU time per request.
//   npm run build && npm run bench -w apps/totp            (needs wrk: apt-get install wrk)
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=16 REDIS_URL=redis://127.0.0.1:6379
// BENCH_JSON=<file> also writes the results as JSON (rows and ratios; tools/bench reads it).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

const root = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const bearer = randomBytes(24).toString('base64url');
const prefix = `totp:bench:${randomBytes(4).toString('hex')}:`;
const seedSecret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const goal = 0.8;
// One code repeated is a replay after its first use; lift the limits so every request runs
// the full check (HMACs, Redis script) instead of stopping at a lockout.
const liftedThrottle = {
  TOTP_THROTTLE_ACCOUNT_FAILURES: '1000000',
  TOTP_THROTTLE_ADDRESS_FAILURES: '1000000',
};

if (!existsSync(path.join(root, 'dist', 'main.js'))) {
  console.error('Build first: npm run build -w apps/totp');
  process.exit(1);
}
try {
  execFileSync('wrk', ['--version'], { stdio: 'ignore' });
} catch (error) {
  // wrk --version exits 1 after printing; only a missing binary matters.
  if (error.code === 'ENOENT') {
    console.error('wrk is needed: apt-get install wrk');
    process.exit(1);
  }
}

const children = [];

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a server and waits for its /healthz-or-route to answer (log level independent). */
async function start(label, args, env, probePath) {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}${probePath}`)).ok) return { child, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${label} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** CPU seconds (user + system) a process and its children (cluster workers) have used; Linux /proc. */
function cpuSeconds(pid) {
  let ticks = 0;
  const visit = (id) => {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (USER_HZ = 100)
    const kids = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
    for (const kid of kids ? kids.split(' ') : []) visit(kid);
  };
  visit(pid);
  return ticks / 100;
}

/** wrk against one server: requests/s, p99 (as wrk prints it, and in ms), server CPU µs per request. */
function wrk(target, path, headers = [], duration = seconds) {
  const args = ['-t', '2', '-c', String(connections), '-d', `${duration}s`, '--latency'];
  for (const header of headers) args.push('-H', header);
  const before = cpuSeconds(target.child.pid);
  const out = execFileSync('wrk', [...args, `${target.url}${path}`], { encoding: 'utf8' });
  const cpu = cpuSeconds(target.child.pid) - before;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const [, value, unit] = /99%\s+([\d.]+)(us|ms|s)\b/.exec(out) ?? [];
  const p99Ms = Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (non2xx > 0) throw new Error(`${non2xx} non-2xx responses from ${target.url}`);
  return { rps, p99: `${value}${unit}`, p99Ms, cpuUs: (cpu / requests) * 1e6 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = { bare: [], check: [] };
let bare;
let totp;
try {
  bare = await start(
    'bare express',
    [path.join(root, 'bench', 'bare-express.mjs')],
    {
      REDIS_URL: redisUrl,
      TOTP_BASE32_SECRET: seedSecret,
      TOTP_REDIS_PREFIX: `${prefix}bare:`,
      ...liftedThrottle,
    },
    '/check/123456',
  );
  totp = await start(
    'totp',
    [path.join(root, 'dist', 'main.js')],
    {
      ENVIRONMENT: 'bench',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      ...(process.env.OTEL_SDK_DISABLED ? { OTEL_SDK_DISABLED: process.env.OTEL_SDK_DISABLED } : {}),
      REDIS_URL: redisUrl,
      BEARER: bearer,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TOTP_BASE32_SECRET: seedSecret,
      TOTP_REDIS_PREFIX: prefix,
      ...liftedThrottle,
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    },
    '/readyz',
  );

  // Warm-up, then rounds alternating the targets so drift in machine load hits both alike.
  const auth = [`Authorization: Bearer ${bearer}`];
  const measure = {
    bare: (duration) => wrk(bare, '/check/123456', [], duration),
    check: (duration) => wrk(totp, '/check/123456', auth, duration),
  };
  measure.bare(Math.min(3, seconds));
  measure.check(Math.min(3, seconds));
  for (let round = 1; round <= rounds; round += 1) {
    const order = round % 2 === 1 ? ['bare', 'check'] : ['check', 'bare'];
    for (const name of order) results[name].push(measure[name](seconds));
    const [b, c] = [results.bare.at(-1), results.check.at(-1)];
    console.error(
      `round ${round}/${rounds}: express floor ${b.rps.toFixed(0)}/s (p99 ${b.p99}, ${b.cpuUs.toFixed(0)} µs CPU), ` +
        `GET /check ${c.rps.toFixed(0)}/s (p99 ${c.p99}, ${c.cpuUs.toFixed(0)} µs CPU)`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
  for await (const keys of stream) if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

const summary = Object.fromEntries(
  Object.entries(results).map(([name, list]) => [
    name,
    {
      rps: median(list.map((r) => r.rps)),
      p99Ms: median(list.map((r) => r.p99Ms)),
      cpuUs: median(list.map((r) => r.cpuUs)),
    },
  ]),
);
// Ratios per round, then their median: each round's targets ran back to back under the same load.
const ratio = median(results.check.map((r, index) => r.rps / results.bare[index].rps));
const cpuRatio = summary.bare.cpuUs / summary.check.cpuUs;
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(
  `totp WEB_CONCURRENCY ${process.env.WEB_CONCURRENCY ?? 1}, connections ${connections}, ${seconds} s × ${rounds} rounds, medians:`,
);
console.log('| target | requests/s | p99 (ms) | server CPU per request (µs) |');
console.log('| --- | ---: | ---: | ---: |');
console.log(
  `| express floor (bare-express.mjs) | ${summary.bare.rps.toFixed(0)} | ${summary.bare.p99Ms.toFixed(2)} | ${summary.bare.cpuUs.toFixed(0)} |`,
);
console.log(
  `| GET /check/:key (production build) | ${summary.check.rps.toFixed(0)} | ${summary.check.p99Ms.toFixed(2)} | ${summary.check.cpuUs.toFixed(0)} |`,
);
console.log(
  `\ncheck / express floor: ${(ratio * 100).toFixed(1)} % of requests/s (target ≥ ${goal * 100} %), ` +
    `${(cpuRatio * 100).toFixed(1)} % by CPU per request`,
);
if (process.env.BENCH_JSON) {
  const json = {
    app: 'totp',
    settings: { seconds, rounds, connections, webConcurrency: Number(process.env.WEB_CONCURRENCY ?? 1) },
    rows: [
      { name: 'express check', ...summary.bare },
      { name: 'check', ...summary.check },
    ],
    ratios: [
      {
        id: 'totp-check',
        label: 'totp GET /check/:key / express + the same check',
        app: 'check',
        floor: 'express check',
        goal,
        rps: ratio,
        cpu: cpuRatio,
      },
    ],
  };
  writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
}
