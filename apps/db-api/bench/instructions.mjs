// Instructions per request of db-api and of its express floor (bare-express.mjs), counted by
// valgrind's callgrind: where requests/s and CPU time move by 20–30% with what else runs on a shared
// machine, this count moves by about 2%, so a change's effect on what one request costs shows in a
// single run. It counts user space only (JavaScript, V8, libuv, OpenSSL): the kernel's share (the
// socket writes and the wakeups of the database) and PostgreSQL's are not in it; the wrk benchmark
// (run.mjs) stays the judge of the targets. Each process runs under callgrind with
// `node --single-threaded` (compilation and GC on the counted thread). Every scenario gets its
// warm-up requests (JIT, pools, prepared statements) before any is counted, so code they share is
// not compiled inside one scenario's count; then each runs a third of its warm-up again and its
// counted requests, over 4 keep-alive connections.
//   npx nx run db-api:build && npm run bench:instructions -w apps/db-api
// INSTRUCTIONS_SCENARIOS=foo,users,bar  INSTRUCTIONS_WARMUP=3000  INSTRUCTIONS_REQUESTS=1000
// BENCH_DATABASE_URL as for run.mjs. Needs valgrind (Debian: apt-get install valgrind); about
// 15 minutes with the defaults.
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { BenchDatabase, USERS } from './bench-database.mjs';

const run = promisify(execFile);
const here = import.meta.dirname;
const appRoot = path.resolve(here, '..');
const SCENARIOS = (process.env.INSTRUCTIONS_SCENARIOS ?? 'foo,users,bar')
  .split(',')
  .map((name) => name.trim());
const WARM_UP = Number(process.env.INSTRUCTIONS_WARMUP ?? 3000);
const REQUESTS = Number(process.env.INSTRUCTIONS_REQUESTS ?? 1000);
const CONNECTIONS = 4;
const BEARER = randomBytes(24).toString('base64url');

const unknown = SCENARIOS.filter((name) => !['foo', 'users', 'bar'].includes(name));
if (unknown.length > 0 || !(WARM_UP >= 0) || !(REQUESTS > 0)) {
  console.error(
    `INSTRUCTIONS_SCENARIOS takes foo, users and bar (got ${unknown.join(', ') || 'them'}); ` +
      'INSTRUCTIONS_WARMUP a count ≥ 0 and INSTRUCTIONS_REQUESTS a count > 0',
  );
  process.exit(2);
}
if (!existsSync(path.join(appRoot, 'dist/main.js'))) {
  console.error('Build first: npx nx run db-api:build');
  process.exit(1);
}
try {
  await run('valgrind', ['--version']);
} catch {
  console.error('valgrind is not installed (Debian: apt-get install valgrind)');
  process.exit(1);
}

const database = new BenchDatabase('db_api_instructions');
const scratch = mkdtempSync(path.join(tmpdir(), 'db-api-instructions-'));
const children = [];

/** `node --single-threaded <script>` under callgrind, counting nothing until told to zero. */
function startCounted(name, script, env, port) {
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      `--callgrind-out-file=${path.join(scratch, `${name}.%p`)}`,
      process.execPath,
      '--single-threaded',
      script,
    ],
    {
      cwd: appRoot,
      env: { PATH: process.env.PATH, PORT: String(port), ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  children.push(child);
  return { name, child, port, stderr: () => stderr };
}

async function waitForReady(process_, probe) {
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (process_.child.exitCode !== null) throw new Error(`${process_.name} exited: ${process_.stderr()}`);
    try {
      if ((await probe()) === 200) return;
    } catch {
      // not up yet: node under valgrind takes a minute to start
    }
    if (Date.now() > deadline) throw new Error(`${process_.name} did not come up: ${process_.stderr()}`);
    await sleep(1000);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function post(port, route, body, headers) {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: route,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The body of one request of a scenario: foo a fixed one, users and bar a random seeded user. */
function bodyOf(scenario) {
  const id = 1 + Math.floor(Math.random() * USERS);
  if (scenario === 'foo') return JSON.stringify({ name: 'Gonzalo', email: 'gonzalo@example.com' });
  if (scenario === 'users') return JSON.stringify({ name: String(id) });
  return JSON.stringify({ name: String(id), email: `${id}@example.com` });
}

/** `count` requests of the scenario over CONNECTIONS connections; any answer but 200 stops the run. */
async function load(target, scenario, count) {
  let sent = 0;
  const worker = async () => {
    while (sent < count) {
      sent += 1;
      const status = await post(target.port, `/example/${scenario}`, bodyOf(scenario), target.headers);
      if (status !== 200) throw new Error(`${target.name} answered ${status} to /example/${scenario}`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}

/** Instructions the process ran since it was last zeroed, read from the dump callgrind_control asks for. */
async function dumpedInstructions(target) {
  const pid = target.child.pid;
  const before = new Set(readdirSync(scratch));
  await run('callgrind_control', ['-d', String(pid)]);
  const prefix = `${target.name}.${pid}.`;
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const dump = readdirSync(scratch).find((file) => file.startsWith(prefix) && !before.has(file));
    const text = dump && readFileSync(path.join(scratch, dump), 'utf8');
    const summary = text && /^summary: (\d+)/m.exec(text);
    if (summary) return Number(summary[1]);
    await sleep(100);
  }
  throw new Error(`no callgrind dump from ${target.name}`);
}

/**
 * Every scenario has had its warm-up (so code they share was compiled before any count); the
 * scenario runs a third of it again, so its own paths are hot, then counts.
 */
async function instructionsPerRequest(target, scenario) {
  await load(target, scenario, Math.ceil(WARM_UP / 3));
  await run('callgrind_control', ['-z', String(target.child.pid)]);
  await load(target, scenario, REQUESTS);
  return (await dumpedInstructions(target)) / REQUESTS;
}

let stopping = false;
async function cleanUp() {
  if (stopping) return;
  stopping = true;
  agent.destroy();
  for (const child of children) child.kill('SIGKILL');
  await sleep(500);
  await database.drop();
  rmSync(scratch, { recursive: true, force: true });
}

try {
  await database.create();
  const port = 19_000 + Math.floor(Math.random() * 500);
  // db-api first: it migrates the database (the users table) that the floor uses too.
  const api = startCounted(
    'db-api',
    'dist/main.js',
    {
      BEARER,
      DATABASE_URL: database.url,
      DB_POOL_MAX: String(CONNECTIONS),
      LOG_LEVEL: 'info',
    },
    port,
  );
  console.error('starting db-api under callgrind (about a minute)…');
  await waitForReady(
    api,
    () =>
      new Promise((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/readyz' }, (response) => {
            response.resume();
            resolve(response.statusCode);
          })
          .on('error', reject);
      }),
  );
  await database.seedUsers();
  const floor = startCounted(
    'express',
    path.join(here, 'bare-express.mjs'),
    {
      DATABASE_URL: database.url,
      POOL_MAX: String(CONNECTIONS),
    },
    port + 1,
  );
  console.error('starting the express floor under callgrind…');
  await waitForReady(floor, () => post(port + 1, '/example/foo', bodyOf('foo'), {}));

  const targets = [
    { ...api, headers: { authorization: `Bearer ${BEARER}` } },
    { ...floor, headers: {} },
  ];
  for (const target of targets) {
    for (const scenario of SCENARIOS) {
      console.error(`${target.name} ${scenario}: ${WARM_UP} warm-up requests…`);
      await load(target, scenario, WARM_UP);
    }
  }
  const rows = [];
  for (const scenario of SCENARIOS) {
    const counts = [];
    for (const target of targets) {
      console.error(`${target.name} ${scenario}: ${REQUESTS} counted requests…`);
      counts.push(await instructionsPerRequest(target, scenario));
    }
    rows.push({ scenario, app: counts[0], floor: counts[1] });
  }
  const millions = (value) => `${(value / 1e6).toFixed(3)} M`;
  console.log(
    `\nNode ${process.version}, --single-threaded under callgrind; per scenario ${WARM_UP} warm-up requests (every scenario's before any count), a third of them again, then ${REQUESTS} counted; ${CONNECTIONS} keep-alive connections\n`,
  );
  console.log('| scenario | db-api | express floor | floor / db-api |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const { scenario, app, floor: floorCount } of rows) {
    console.log(
      `| ${scenario} | ${millions(app)} | ${millions(floorCount)} | ${((floorCount / app) * 100).toFixed(0)}% |`,
    );
  }
} finally {
  await cleanUp();
}
