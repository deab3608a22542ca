// Benchmark of the gRPC pair (see README "Performance"): the production build of grpc-backend
// and a minimal grpc-js server as separate processes, a closed-loop grpc-js load client and
// autocannon for the REST/JSON twin, all at the same concurrency, in one run.
//   npx nx run grpc-backend:build && npm run bench -w apps/grpc-backend
// BENCH_SECONDS (5) per row, BENCH_CONCURRENCY (16), BENCH_SLICES (20) one-second slices per
// server for the getAll(1000) comparison, alternated so both share the machine's noise;
// BENCH_ONLY=ratio runs that comparison alone; BENCH_JSON=<file> also writes the results as JSON
// (every row, the ratio against its target, gRPC and REST by payload size; tools/bench reads it).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { callOnce, createStub, grpcLoad, metadataFor } from './grpc-load.mjs';
import { cpuSeconds } from './process-cpu.mjs';
import { restLoad } from './rest-load.mjs';
import { median, percentile } from './stats.mjs';
import { grpcBytesPerCall, restBytesPerCall } from './wire-bytes.mjs';

const appDir = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const slices = Number(process.env.BENCH_SLICES ?? 20);
const lengths = [10, 1_000, 100_000];
const goal = 0.9;
const token = 'bench-token-0123456789abcdef';
const metadata = metadataFor(token);
const workDir = mkdtempSync(path.join(tmpdir(), 'grpc-bench-'));
const children = [];
const log = (line) => process.stderr.write(`${line}\n`);

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

function startProcess(name, args, env) {
  const output = openSync(path.join(workDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', output, output],
  });
  children.push(child);
  return child;
}

async function untilAnswering(stub) {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      return await callOnce(stub, metadata, 'sayHello', 0, 1000);
    } catch {
      await sleep(100);
    }
  }
  throw new Error('a server did not start; see its log in the bench work dir');
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);

// grpc-backend as in production (LOG_LEVEL=info: one line per call, to a file), and the minimal server.
const ports = { grpc: await freePort(), http: await freePort(), minimal: await freePort() };
const backendProcess = startProcess('grpc-backend', ['dist/main.js'], {
  HOST: '127.0.0.1',
  BACKEND_PORT: String(ports.grpc),
  PORT: String(ports.http),
  BEARER: token,
  MAX_LENGTH: '100000',
  LOG_LEVEL: 'info',
});
const minimalProcess = startProcess('minimal', ['bench/minimal-server.mjs', String(ports.minimal)], {});
const backend = { pid: backendProcess.pid, port: ports.grpc, stub: createStub(`127.0.0.1:${ports.grpc}`) };
const minimal = {
  pid: minimalProcess.pid,
  port: ports.minimal,
  stub: createStub(`127.0.0.1:${ports.minimal}`),
};
await Promise.all([untilAnswering(backend.stub), untilAnswering(minimal.stub)]);

/** Sums of one or more timed runs against one server process. */
function tally() {
  return { requests: 0, items: 0, seconds: 0, cpu: 0, latencies: [] };
}
function add(total, run) {
  total.requests += run.requests;
  total.items += run.items;
  total.seconds += run.seconds;
  total.cpu += run.cpu;
  for (const latency of run.latencies) total.latencies.push(latency);
  return total;
}
function summary(total) {
  return {
    requestsPerSecond: total.requests / total.seconds,
    itemsPerSecond: total.items / total.seconds,
    p99Ms: total.p99Ms ?? percentile(total.latencies, 99),
    cpuMsPerCall: (total.cpu * 1000) / total.requests,
  };
}

async function timedGrpc(server, method, length, durationMs) {
  const cpuBefore = cpuSeconds(server.pid);
  const run = await grpcLoad({ stub: server.stub, metadata, method, length, concurrency, durationMs });
  return { ...run, requests: run.latencies.length, cpu: cpuSeconds(server.pid) - cpuBefore };
}

async function grpcRow(server, method, length) {
  await timedGrpc(server, method, length, 1000); // warm-up
  return summary(add(tally(), await timedGrpc(server, method, length, seconds * 1000)));
}

async function restRow(length) {
  const url = `http://127.0.0.1:${ports.http}`;
  await restLoad({ url, token, length, concurrency, durationMs: 1000 }); // warm-up
  const cpuBefore = cpuSeconds(backend.pid);
  const run = await restLoad({ url, token, length, concurrency, durationMs: seconds * 1000 });
  const cpu = cpuSeconds(backend.pid) - cpuBefore;
  return summary({ ...run, items: run.requests * length, cpu, latencies: [], p99Ms: run.p99Ms });
}

const fmt = (value, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '–';

// 1. getAll(1000): grpc-backend against the minimal server, one-second slices alternated; the
// ratio of each adjacent pair shares that moment's noise, and the median of the pairs is reported.
const ours = tally();
const bare = tally();
const throughputRatios = [];
const cpuRatios = [];
await timedGrpc(backend, 'getAll', 1000, 1000);
await timedGrpc(minimal, 'getAll', 1000, 1000);
for (let slice = 0; slice < slices; slice += 1) {
  const [first, second] = slice % 2 === 0 ? [backend, minimal] : [minimal, backend];
  const a = await timedGrpc(first, 'getAll', 1000, 1000);
  const b = await timedGrpc(second, 'getAll', 1000, 1000);
  const [mine, theirs] = first === backend ? [a, b] : [b, a];
  add(ours, mine);
  add(bare, theirs);
  const [m, t] = [summary(add(tally(), mine)), summary(add(tally(), theirs))];
  throughputRatios.push(m.requestsPerSecond / t.requestsPerSecond);
  cpuRatios.push(t.cpuMsPerCall / m.cpuMsPerCall);
}
const oursSummary = summary(ours);
const bareSummary = summary(bare);
const throughputRatio = median(throughputRatios);
const cpuRatio = median(cpuRatios);
log(
  `getAll(1000): grpc-backend ${fmt(oursSummary.requestsPerSecond)} req/s at ${fmt(oursSummary.cpuMsPerCall, 3)} CPU ms/call, ` +
    `minimal ${fmt(bareSummary.requestsPerSecond)} req/s at ${fmt(bareSummary.cpuMsPerCall, 3)} CPU ms/call`,
);

// 2. Every call at every length, and the REST twin, with bytes on the wire.
const rows = [];
async function row(label, measure, bytes) {
  const result = { label, ...(await measure()), bytes: await bytes() };
  rows.push(result);
  log(
    `${label.padEnd(36)} ${fmt(result.requestsPerSecond, 1).padStart(9)} req/s ${fmt(result.itemsPerSecond).padStart(11)} items/s` +
      `  p99 ${fmt(result.p99Ms, 1).padStart(8)} ms  ${fmt(result.cpuMsPerCall, 3).padStart(8)} CPU ms/call  ${fmt(result.bytes).padStart(10)} B/call`,
  );
}
const calls = (length) => (length >= 100_000 ? 3 : 50);
const onlyRatio = process.env.BENCH_ONLY === 'ratio';
if (!onlyRatio)
  await row(
    'gRPC sayHello',
    () => grpcRow(backend, 'sayHello', 0),
    () => grpcBytesPerCall({ port: backend.port, token, method: 'sayHello', length: 0, calls: 50 }),
  );
const gzipBytes = [];
const payloads = [];
for (const length of onlyRatio ? [] : lengths) {
  await row(
    `gRPC getAll(${length})`,
    () => grpcRow(backend, 'getAll', length),
    () => grpcBytesPerCall({ port: backend.port, token, method: 'getAll', length, calls: calls(length) }),
  );
  await row(
    `gRPC getStream(${length})`,
    () => grpcRow(backend, 'getStream', length),
    () => grpcBytesPerCall({ port: backend.port, token, method: 'getStream', length, calls: calls(length) }),
  );
  await row(
    `REST GET /api/items?length=${length}`,
    () => restRow(length),
    () => restBytesPerCall({ port: ports.http, token, length, calls: calls(length) }),
  );
  await row(
    `minimal grpc-js getAll(${length})`,
    () => grpcRow(minimal, 'getAll', length),
    () => grpcBytesPerCall({ port: minimal.port, token, method: 'getAll', length, calls: calls(length) }),
  );
  gzipBytes.push([
    length,
    await restBytesPerCall({ port: ports.http, token, length, calls: calls(length), gzip: true }),
  ]);
  const [grpc, stream, rest, bareGrpc] = rows.slice(-4);
  const figures = ({ requestsPerSecond, cpuMsPerCall, bytes }) => ({
    rps: requestsPerSecond,
    cpuMsPerCall,
    bytes,
  });
  payloads.push({
    length,
    grpc: figures(grpc),
    grpcStream: figures(stream),
    rest: figures(rest),
    minimal: figures(bareGrpc),
    restGzipBytes: gzipBytes.at(-1)[1],
  });
}

backend.stub.close();
minimal.stub.close();
stopAll();
rmSync(workDir, { recursive: true, force: true });

console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
    `concurrency ${concurrency}, ${seconds} s per row after a 1 s warm-up.\n`,
);
console.log('| call | requests/s | items/s | p99 ms | server CPU ms/call | bytes on the wire/call |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const entry of rows) {
  console.log(
    `| ${entry.label} | ${fmt(entry.requestsPerSecond, 1)} | ${fmt(entry.itemsPerSecond)} | ${fmt(entry.p99Ms, 1)} | ${fmt(entry.cpuMsPerCall, 3)} | ${fmt(entry.bytes)} |`,
  );
}
console.log(
  `\nREST with Accept-Encoding: gzip, bytes/call: ${gzipBytes.map(([length, bytes]) => `length ${length}: ${fmt(bytes)}`).join(', ')}`,
);
console.log(
  `\ngetAll(1000), ${slices} alternated 1 s slices each: grpc-backend ${fmt(oursSummary.requestsPerSecond)} req/s ` +
    `(${fmt(oursSummary.cpuMsPerCall, 3)} CPU ms/call), minimal grpc-js ${fmt(bareSummary.requestsPerSecond)} req/s ` +
    `(${fmt(bareSummary.cpuMsPerCall, 3)} CPU ms/call).\nMedian of the ${slices} paired slices: throughput ratio ` +
    `${throughputRatio.toFixed(2)}, server CPU-per-call ratio ${cpuRatio.toFixed(2)} (target: ≥ ${goal.toFixed(2)}).`,
);
if (process.env.BENCH_JSON) {
  const json = {
    app: 'grpc-backend',
    settings: { seconds, slices, concurrency },
    rows: [
      {
        name: 'minimal grpc-js getAll(1000)',
        rps: bareSummary.requestsPerSecond,
        cpuUs: bareSummary.cpuMsPerCall * 1000,
      },
      { name: 'getAll(1000)', rps: oursSummary.requestsPerSecond, cpuUs: oursSummary.cpuMsPerCall * 1000 },
    ],
    ratios: [
      {
        id: 'grpc-getall',
        label: 'gRPC getAll(1000) / minimal grpc-js server',
        app: 'getAll(1000)',
        floor: 'minimal grpc-js getAll(1000)',
        goal,
        rps: throughputRatio,
        cpu: cpuRatio,
      },
    ],
    calls: rows.map((entry) => ({ ...entry, p99Ms: Number.isFinite(entry.p99Ms) ? entry.p99Ms : null })),
    payloads,
  };
  writeFileSync(process.env.BENCH_JSON, `${JSON.stringify(json, null, 2)}\n`);
}
