#!/usr/bin/env node
// GET / of the counter's production build next to an idiomatic express route doing one INCR
// (bare-server.mjs) and redis-benchmark INCR, all on one private redis-server, at the same concurrency.
//   npm run build && npm run bench -w apps/counter
// BENCH_CONNECTIONS (16), BENCH_SECONDS per run (10), BENCH_ROUNDS (5), WEB_CONCURRENCY (1), LOG_LEVEL (info);
// BENCH_JSON=<file> also writes the results as JSON (rows and ratios; tools/bench reads it).
// Exits 2 when the counter is under its target (90% of the floor's requests/s).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = import.meta.dirname;
const appRoot = path.resolve(here, '..');
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const webConcurrency = process.env.WEB_CONCURRENCY ?? '1';
const logLevel = process.env.LOG_LEVEL ?? 'info';
const goal = 0.9;

if (!existsSync(path.join(appRoot, 'dist/main.js'))) {
  console.error('Build first: npm run build (or npx nx build counter)');
  process.exit(1);
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const children = [];
/** Starts a process (stdout to /dev/null, as a log shipper would drain it) and waits until `ready()`. */
async function start(command, args, env, ready) {
  const child = spawn(command, args, {
    cwd: appRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const deadline = Date.now() + 30_000;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited (${child.exitCode})`);
    if (Date.now() > deadline) throw new Error(`${command} ${args.join(' ')} did not become ready`);
    await sleep(100);
  }
  return child;
}
const httpOk = (url) => async () => (await fetch(url)).ok;
const redisUp = (port) => async () =>
  (await run('redis-cli', ['-p', String(port), 'ping'])).stdout.trim() === 'PONG';

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

const ticksPerSecond = Number((await run('getconf', ['CLK_TCK'])).stdout.trim()) || 100;
/** CPU seconds used so far by a process and its children (cluster workers). */
function cpuSeconds(pid) {
  let ticks = 0;
  const visit = (id) => {
    const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    const kids = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
    for (const kid of kids ? kids.split(' ') : []) visit(kid);
  };
  visit(pid);
  return ticks / ticksPerSecond;
}

/** wrk at the set concurrency: requests/s, p99 (ms), and the server's CPU time per request (µs). */
async function wrk(url, duration, pid) {
  const before = cpuSeconds(pid);
  const { stdout } = await run('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', url]);
  const cpu = cpuSeconds(pid) - before;
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const [, value, unit] = /^\s+99%\s+([\d.]+)(us|ms|s)$/m.exec(stdout) ?? [];
  const p99 = Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);
  const failed = /Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1];
  if (failed) throw new Error(`${url}: ${failed} answers were not 2xx`);
  return { rps, p99, cpuUs: (cpu / requests) * 1e6 };
}

async function redisBenchmark(port) {
  const { stdout } = await run('redis-benchmark', [
    ...['-p', String(port), '-t', 'incr', '-c', String(connections), '-n', '200000', '--csv'],
  ]);
  const row = stdout.trim().split('\n').at(-1).replaceAll('"', '').split(',');
  return { rps: Number(row[1]), p99: Number(row[6]), cpuUs: NaN };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (n, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : '–';

const dir = mkdtempSync(path.join(tmpdir(), 'counter-bench-'));
try {
  const redisPort = await freePort();
  await start(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {},
    redisUp(redisPort),
  );
  const counterPort = await freePort();
  const barePort = await freePort();
  const counter = await start(
    'node',
    ['dist/main.js'],
    {
      PORT: String(counterPort),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      COUNTER_NAMESPACE: 'bench',
      WEB_CONCURRENCY: webConcurrency,
      LOG_LEVEL: logLevel,
    },
    httpOk(`http://127.0.0.1:${counterPort}/readyz`),
  );
  const bare = await start(
    'node',
    [path.join(here, 'bare-server.mjs')],
    { PORT: String(barePort), REDIS_PORT: String(redisPort) },
    httpOk(`http://127.0.0.1:${barePort}/`),
  );
  const targets = {
    counter: { url: `http://127.0.0.1:${counterPort}/`, pid: counter.pid },
    bare: { url: `http://127.0.0.1:${barePort}/`, pid: bare.pid },
  };
  // Warm up the JIT and the connections of both.
  for (const { url, pid } of Object.values(targets)) await wrk(url, Math.min(3, seconds), pid);

  const results = { counter: [], bare: [], redis: [] };
  for (let round = 0; round < rounds; round += 1) {
    // Alternate the order so drift on a shared machine hits both alike.
    const order = round % 2 === 0 ? ['bare', 'counter'] : ['counter', 'bare'];
    for (const name of order) results[name].push(await wrk(targets[name].url, seconds, targets[name].pid));
    results.redis.push(await redisBenchmark(redisPort));
    const [c, b] = [results.counter.at(-1), results.bare.at(-1)];
    console.error(
      `round ${round + 1}/${rounds}: counter ${fmt(c.rps)} req/s, bare ${fmt(b.rps)} req/s ` +
        `(${fmt((c.rps / b.rps) * 100, 1)}%); load average ${fmt(loadavg()[0], 1)}`,
    );
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      {
        rps: median(list.map((r) => r.rps)),
        p99: median(list.map((r) => r.p99)),
        cpuUs: median(list.map((r) => r.cpuUs)),
      },
    ]),
  );
  const ratios = results.counter.map((r, index) => r.rps / results.bare[index].rps);
  const ratio = median(ratios);
  const row = (name, s) => `| ${name} | ${fmt(s.rps)} | ${fmt(s.p99, 2)} | ${fmt(s.cpuUs)} |`;
  console.log(
    `\nGET / at ${connections} keep-alive connections (wrk -t1 -c${connections}), ${seconds} s x ${rounds} rounds, medians; ` +
      `${cpus().length} CPUs; counter WEB_CONCURRENCY=${webConcurrency}, LOG_LEVEL=${logLevel}`,
  );
  console.log('| target | requests/s | p99 (ms) | server CPU per request (µs) |');
  console.log('| --- | ---: | ---: | ---: |');
  console.log(row(`redis-benchmark INCR (-c ${connections})`, summary.redis));
  console.log(row('express route, one INCR (bare-server.mjs)', summary.bare));
  console.log(row('counter GET / (production build)', summary.counter));
  console.log(
    `\ncounter / bare requests/s: ${fmt(ratio * 100, 1)}% (rounds: ${ratios.map((r) => `${fmt(r * 100, 1)}%`).join(', ')}); target ${goal * 100}%`,
  );
  const cpuRatio = summary.bare.cpuUs / summary.counter.cpuUs;
  console.log(`bare / counter CPU per request: ${fmt(cpuRatio * 100, 1)}%`);
  if (process.env.BENCH_JSON) {
    const finite = (value) => (Number.isFinite(value) ? value : null);
    const names = { redis: 'redis-benchmark INCR', bare: 'express INCR', counter: 'counter' };
    const json = {
      app: 'counter',
      settings: { seconds, rounds, connections, webConcurrency: Number(webConcurrency) },
      rows: Object.entries(summary).map(([key, s]) => ({
        name: names[key],
        rps: s.rps,
        p99Ms: finite(s.p99),
        cpuUs: finite(s.cpuUs),
      })),
      ratios: [
        {
          id: 'counter',
          label: 'counter GET / / express + one INCR',
          app: 'counter',
          floor: 'express INCR',
          goal,
          rps: ratio,
          cpu: finite(cpuRatio),
        },
      ],
    };
    writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
  }
  process.exitCode = ratio >= goal ? 0 : 2;
} finally {
  stopAll();
  await sleep(300);
  rmSync(dir, { recursive: true, force: true });
}
