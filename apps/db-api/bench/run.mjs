// Benchmark of db-api against its floors on the same machine, in one run:
//   foo   vs an idiomatic express 5 route doing the same work (bare-express.mjs POST /example/foo),
//   users vs an idiomatic express 5 route running the same query on a plain pg Pool (/example/users),
//   bar   vs pgbench running the same statements (bar.pgbench); an idiomatic express 5 route running
//         them (/example/bar) is measured beside it for scale, not judged.
// Every load: 16 keep-alive connections (wrk -c16; pgbench -c16). Rounds are interleaved and the
// median of each is kept, because the machine is shared. Needs `npm run build` first.
//   BENCH_ROUNDS=3 BENCH_SECONDS=10 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
// db-api and the express floor get a pool of 16 database connections, as pgbench has 16 clients.
// WEB_CONCURRENCY=2 runs db-api as a production start on every core would (node:cluster workers,
// each with its own pool of 16 / workers); the floors stay one process.
// BENCH_JSON=<file> also writes the results as JSON (rows and ratios; tools/bench reads it).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const here = import.meta.dirname;
const appRoot = path.resolve(here, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? process.env.ROUNDS ?? 3);
const DURATION = Number(process.env.BENCH_SECONDS ?? process.env.DURATION ?? 10);
const WARM_UP = Math.min(3, DURATION);
const CONNECTIONS = 16;
const USERS = 1000;
const BEARER = randomBytes(24).toString('base64url');
const WEB_CONCURRENCY = Number(process.env.WEB_CONCURRENCY ?? 1);
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

if (!existsSync(path.join(appRoot, 'dist/main.js'))) {
  console.error('Build first: npm run build (at the root, or -w apps/db-api)');
  process.exit(1);
}

const databaseName = `db_api_bench_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
const children = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'db-api-bench-'));

async function onServer(sql) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

function startProcess(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: appRoot,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.on('exit', (code) => {
    if (code && !stopping) console.error(`${name} exited with ${code}: ${stderr}`);
  });
  children.push(child);
  return child;
}

async function waitFor(url, init) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      const response = await fetch(url, init);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await sleep(200);
  }
}

/** CPU time (user + system, ms) a process and its children (cluster workers) have used so far; Linux only. */
function cpuMs(pid) {
  try {
    let ticks = 0;
    const visit = (id) => {
      const stat = readFileSync(`/proc/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
      const kids = readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim();
      for (const kid of kids ? kids.split(' ') : []) visit(kid);
    };
    visit(pid);
    return (ticks * 1000) / 100;
  } catch {
    return NaN;
  }
}

function toMs(value, unit) {
  return Number(value) * { us: 0.001, ms: 1, s: 1000 }[unit];
}

async function wrk(url, body, seconds = DURATION, pid = undefined) {
  const cpuBefore = pid ? cpuMs(pid) : NaN;
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', path.join(here, 'post.lua'), url],
    { env: { ...process.env, BEARER, BODY: body, USERS: String(USERS) }, maxBuffer: 1 << 20 },
  );
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const p99 = /\n\s+99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout);
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  if (errors) throw new Error(`${url}: ${errors[1]} failed responses`);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const cpuPerRequest = pid ? ((cpuMs(pid) - cpuBefore) * 1000) / requests : NaN;
  return { rps, p99: p99 ? toMs(p99[1], p99[2]) : NaN, cpu: cpuPerRequest };
}

/** pgbench running bar.pgbench: `extended` parses every statement (the floor), `prepared` once per connection. */
async function pgbench(seconds = DURATION, mode = 'extended') {
  const logDir = mkdtempSync(path.join(scratch, 'pgbench-'));
  const { stdout } = await run(
    'pgbench',
    [
      '-n',
      '-c',
      String(CONNECTIONS),
      '-j',
      '2',
      '-T',
      String(seconds),
      '-M',
      mode,
      '-l',
      `--log-prefix=${path.join(logDir, 'log')}`,
      '-f',
      path.join(here, 'bar.pgbench'),
      databaseUrl,
    ],
    { maxBuffer: 1 << 20 },
  );
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
  const latencies = readdirSync(logDir)
    .flatMap((file) => readFileSync(path.join(logDir, file), 'utf8').trim().split('\n'))
    .map((line) => Number(line.split(' ')[2]) / 1000)
    .sort((a, b) => a - b);
  rmSync(logDir, { recursive: true, force: true });
  return { rps: tps, p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN, cpu: NaN };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** JSON has no NaN: a figure not measured (pgbench's server CPU) is written as null. */
const nullNaN = (entry) =>
  Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, Number.isNaN(value) ? null : value]));

let stopping = false;
async function cleanUp() {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  await sleep(500);
  await onServer(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
}

try {
  await onServer(`CREATE DATABASE "${databaseName}"`);
  const apiPort = 18_000 + Math.floor(Math.random() * 1000);
  const barePort = apiPort + 1000;
  const apiProcess = startProcess('db-api', ['dist/main.js'], {
    PORT: String(apiPort),
    BEARER,
    DATABASE_URL: databaseUrl,
    // As many database connections as the load has connections and pgbench clients.
    DB_POOL_MAX: String(Math.ceil(CONNECTIONS / WEB_CONCURRENCY)),
    WEB_CONCURRENCY: String(WEB_CONCURRENCY),
    LOG_LEVEL: 'info',
    ...(process.env.OTEL_SDK_DISABLED ? { OTEL_SDK_DISABLED: process.env.OTEL_SDK_DISABLED } : {}),
  });
  const bareProcess = startProcess('bare express', [path.join(here, 'bare-express.mjs')], {
    PORT: String(barePort),
    DATABASE_URL: databaseUrl,
    POOL_MAX: String(CONNECTIONS),
  });
  const api = `http://127.0.0.1:${apiPort}`;
  const bare = `http://127.0.0.1:${barePort}`;
  await waitFor(`${api}/readyz`);
  await waitFor(`${bare}/example/foo`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"name":"probe"}',
  });
  const seed = new pg.Client({ connectionString: databaseUrl });
  await seed.connect();
  await seed.query(
    `INSERT INTO users (name, email) SELECT g::text, g || '@example.com' FROM generate_series(1, ${USERS}) g`,
  );
  await seed.end();

  const foo = JSON.stringify({ name: 'Gonzalo', email: 'gonzalo@example.com' });
  const scenarios = {
    'express foo': (seconds) => wrk(`${bare}/example/foo`, foo, seconds, bareProcess.pid),
    foo: (seconds) => wrk(`${api}/example/foo`, foo, seconds, apiProcess.pid),
    'express users': (seconds) => wrk(`${bare}/example/users`, 'random-name', seconds, bareProcess.pid),
    users: (seconds) => wrk(`${api}/example/users`, 'random-name', seconds, apiProcess.pid),
    'pgbench bar': (seconds) => pgbench(seconds),
    // Not judged: pgbench preparing its statements, as db-api does (DB_PREPARED_STATEMENTS).
    'pgbench bar, prepared': (seconds) => pgbench(seconds, 'prepared'),
    bar: (seconds) => wrk(`${api}/example/bar`, 'random', seconds, apiProcess.pid),
    // Not judged: an idiomatic express 5 route running bar's statements, for scale.
    'express bar': (seconds) => wrk(`${bare}/example/bar`, 'random', seconds, bareProcess.pid),
  };
  // Warm up every path (JIT, pools, caches) before measuring.
  for (const measure of Object.values(scenarios)) await measure(WARM_UP);

  const results = Object.fromEntries(Object.keys(scenarios).map((name) => [name, []]));
  for (let round = 1; round <= ROUNDS; round += 1) {
    // Alternate the order so drift on a shared machine hits app and floor alike.
    const names = Object.keys(scenarios);
    for (const name of round % 2 === 0 ? names.reverse() : names) {
      const result = await scenarios[name](DURATION);
      results[name].push(result);
      console.error(
        `round ${round}/${ROUNDS}  ${name.padEnd(14)} ${result.rps.toFixed(0).padStart(6)} req/s  p99 ${result.p99.toFixed(2)} ms` +
          (Number.isNaN(result.cpu) ? '' : `  ${result.cpu.toFixed(0)} µs CPU/request`),
      );
    }
  }

  const summary = Object.fromEntries(
    Object.entries(results).map(([name, list]) => [
      name,
      {
        rps: median(list.map((r) => r.rps)),
        p99: median(list.map((r) => r.p99)),
        cpu: median(list.map((r) => r.cpu)),
      },
    ]),
  );
  // The req/s ratio is the median of the per-round ratios (each round's pair shared the same load);
  // CPU efficiency is the floor's CPU per request over the app's (1 = the same work per request).
  const ratio = (a, b) => median(results[a].map((r, index) => r.rps / results[b][index].rps));
  const cpuRatio = (a, b) => summary[b].cpu / summary[a].cpu;
  const version = (await onServer('SHOW server_version')).rows[0].server_version;
  console.log(
    `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, PostgreSQL ${version}`,
  );
  console.log(
    `Load: ${CONNECTIONS} keep-alive connections, ${DURATION} s per measurement, median of ${ROUNDS} interleaved rounds; db-api WEB_CONCURRENCY=${WEB_CONCURRENCY}\n`,
  );
  console.log('| scenario | req/s | p99 (ms) | server CPU per request (µs) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, { rps, p99, cpu }] of Object.entries(summary)) {
    console.log(
      `| ${name} | ${rps.toFixed(0)} | ${p99.toFixed(2)} | ${Number.isNaN(cpu) ? '–' : cpu.toFixed(0)} |`,
    );
  }
  const percent = (value) => (Number.isNaN(value) ? '–' : `${(value * 100).toFixed(0)}%`);
  console.log('\n| ratio | req/s | CPU efficiency | goal |');
  console.log('| --- | ---: | ---: | ---: |');
  const goals = [
    { id: 'db-api-foo', label: 'foo / express foo', app: 'foo', floor: 'express foo', goal: 0.8 },
    { id: 'db-api-users', label: 'users / express users', app: 'users', floor: 'express users', goal: 0.8 },
    { id: 'db-api-bar', label: 'bar / pgbench bar', app: 'bar', floor: 'pgbench bar', goal: 0.5 },
  ];
  const ratios = goals.map((entry) => ({
    ...entry,
    rps: ratio(entry.app, entry.floor),
    cpu: cpuRatio(entry.app, entry.floor),
  }));
  for (const { label, rps, cpu, goal } of ratios) {
    console.log(`| ${label} | ${percent(rps)} | ${percent(cpu)} | ≥ ${percent(goal)} |`);
  }
  if (process.env.BENCH_JSON) {
    const rows = Object.entries(summary).map(([name, { rps, p99, cpu }]) =>
      nullNaN({ name, rps, p99Ms: p99, cpuUs: cpu }),
    );
    const settings = {
      seconds: DURATION,
      rounds: ROUNDS,
      connections: CONNECTIONS,
      webConcurrency: WEB_CONCURRENCY,
    };
    const json = { app: 'db-api', settings, postgres: version, rows, ratios: ratios.map(nullNaN) };
    writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
  }
} finally {
  await cleanUp();
}
