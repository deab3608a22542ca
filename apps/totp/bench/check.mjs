#!/usr/bin/env node
// Verifications per second of the seed-compatible GET /check/:key (production build, real Redis),
// next to a bare express route, at 16 concurrent connections, interleaved in one run.
//   npm run build && npm run bench -w apps/totp            (needs wrk: apt-get install wrk)
//   BENCH_SECONDS=10 BENCH_ROUNDS=3 BENCH_CONNECTIONS=16 REDIS_URL=redis://127.0.0.1:6379
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
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

function wrk(url, headers = []) {
  const args = ['-t', '2', '-c', String(connections), '-d', `${seconds}s`, '--latency'];
  for (const header of headers) args.push('-H', header);
  const out = execFileSync('wrk', [...args, url], { encoding: 'utf8' });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = /99%\s+([\d.]+\w+)/.exec(out)?.[1];
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
  if (non2xx > 0) throw new Error(`${non2xx} non-2xx responses from ${url}`);
  return { rps, p99 };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = { bare: [], check: [], healthz: [] };
let bare;
let totp;
try {
  bare = await start('bare express', [path.join(root, 'bench', 'bare-express.mjs')], {}, '/check/123456');
  totp = await start(
    'totp',
    [path.join(root, 'dist', 'main.js')],
    {
      ENVIRONMENT: 'bench',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      REDIS_URL: redisUrl,
      BEARER: bearer,
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      TOTP_BASE32_SECRET: seedSecret,
      TOTP_REDIS_PREFIX: prefix,
      // One code repeated is a replay after its first use; lift the limits so every request runs
      // the full check (HMACs, Redis script) instead of stopping at a lockout.
      TOTP_THROTTLE_ACCOUNT_FAILURES: '1000000',
      TOTP_THROTTLE_ADDRESS_FAILURES: '1000000',
      WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? '1',
    },
    '/readyz',
  );

  // Warm-up, then rounds alternating the targets so drift in machine load hits both alike.
  wrk(`${bare.url}/check/123456`);
  wrk(`${totp.url}/check/123456`, [`Authorization: Bearer ${bearer}`]);
  for (let round = 1; round <= rounds; round += 1) {
    const b = wrk(`${bare.url}/check/123456`);
    const c = wrk(`${totp.url}/check/123456`, [`Authorization: Bearer ${bearer}`]);
    const h = wrk(`${totp.url}/healthz`);
    results.bare.push(b.rps);
    results.check.push(c.rps);
    results.healthz.push(h.rps);
    console.log(
      `round ${round}: bare express ${b.rps.toFixed(0)}/s (p99 ${b.p99}), ` +
        `GET /check ${c.rps.toFixed(0)}/s (p99 ${c.p99}), platform /healthz ${h.rps.toFixed(0)}/s`,
    );
  }
} finally {
  for (const child of children) child.kill('SIGTERM');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
  for await (const keys of stream) if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

const bareRps = median(results.bare);
const checkRps = median(results.check);
const healthzRps = median(results.healthz);
console.log(`\nmachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
console.log(
  `totp WEB_CONCURRENCY ${process.env.WEB_CONCURRENCY ?? 1}, connections ${connections}, ${seconds} s × ${rounds} rounds, medians:`,
);
console.log(`  bare express route        ${bareRps.toFixed(0)} req/s`);
console.log(`  platform stack /healthz   ${healthzRps.toFixed(0)} req/s`);
console.log(`  GET /check/:key (seed)    ${checkRps.toFixed(0)} verifications/s`);
// Ratios per round, then their median: each round's targets ran back to back under the same load.
const ratio = (over, under) =>
  median(results[over].map((value, index) => value / results[under][index])) * 100;
console.log(`  check / bare express      ${ratio('check', 'bare').toFixed(1)} % (target ≥ 70 %)`);
console.log(`  check / platform /healthz ${ratio('check', 'healthz').toFixed(1)} %`);
console.log(`  platform /healthz / bare  ${ratio('healthz', 'bare').toFixed(1)} %`);
