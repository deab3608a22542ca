// Benchmark of the gRPC pair (see README "Performance"): the production build of grpc-backend
// and a minimal grpc-js server as separate processes, a closed-loop grpc-js load client and
// autocannon for the REST/JSON twin, all at the same concurrency, in one run.
//   npx nx run @platform/grpc-backend:build && npm run bench -w apps/grpc-backend
// BENCH_SECONDS (default 5) per measurement, BENCH_CONCURRENCY (16), BENCH_ROUNDS (3) for the ratio.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { callOnce, createStub, grpcLoad, metadataFor } from './grpc-load.mjs';
import { restLoad } from './rest-load.mjs';
import { median } from './stats.mjs';
import { grpcBytesPerCall, restBytesPerCall } from './wire-bytes.mjs';

const appDir = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const lengths = [10, 1_000, 100_000];
const token = 'bench-token-0123456789abcdef';
const load = { concurrency, durationMs: seconds * 1000, warmupMs: 1000 };
const workDir = mkdtempSync(path.join(tmpdir(), 'grpc-bench-'));
const children = [];

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return port;
}

async function waitForGrpc(target) {
  const stub = createStub(target);
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await callOnce(stub, metadataFor(token), 'sayHello', 0, 1000);
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`nothing answers on ${target}`);
  } finally {
    stub.close();
  }
}

function startProcess(name, args, env) {
  const log = openSync(path.join(workDir, `${name}.log`), 'a');
  const child = spawn(process.execPath, args, {
    cwd: appDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', log, log],
  });
  children.push(child);
  return child;
}

function stopAll() {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
}
process.on('exit', stopAll);

const backendGrpcPort = await freePort();
const backendHttpPort = await freePort();
const minimalPort = await freePort();
startProcess('grpc-backend', ['dist/main.js'], {
  HOST: '127.0.0.1',
  BACKEND_PORT: String(backendGrpcPort),
  PORT: String(backendHttpPort),
  BEARER: token,
  MAX_LENGTH: '100000',
  LOG_LEVEL: 'info',
});
startProcess('minimal', ['bench/minimal-server.mjs', String(minimalPort)], {});
const backend = `127.0.0.1:${backendGrpcPort}`;
const minimal = `127.0.0.1:${minimalPort}`;
const rest = `http://127.0.0.1:${backendHttpPort}`;
await Promise.all([waitForGrpc(backend), waitForGrpc(minimal)]);

const rows = [];
const fmt = (value, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '–';
function record(label, result, bytes) {
  const row = { label, ...result, bytes };
  rows.push(row);
  process.stderr.write(
    `${label.padEnd(34)} ${fmt(result.requestsPerSecond, 1).padStart(9)} req/s ${fmt(result.itemsPerSecond).padStart(11)} items/s  p99 ${fmt(result.p99Ms, 1).padStart(7)} ms  ${fmt(bytes).padStart(10)} B/call\n`,
  );
}

// Our server against the minimal one on getAll(1000), interleaved to share the machine's noise.
const ratios = [];
for (let round = 0; round < rounds; round += 1) {
  const ours = await grpcLoad({ target: backend, token, method: 'getAll', length: 1000, ...load });
  const bare = await grpcLoad({ target: minimal, token, method: 'getAll', length: 1000, ...load });
  ratios.push(ours.requestsPerSecond / bare.requestsPerSecond);
  process.stderr.write(
    `round ${round + 1}: grpc-backend ${fmt(ours.requestsPerSecond)} req/s, minimal ${fmt(bare.requestsPerSecond)} req/s, ratio ${ratios.at(-1).toFixed(3)}\n`,
  );
}

const bytesCalls = (length) => (length >= 100_000 ? 3 : 50);
record(
  'gRPC sayHello',
  await grpcLoad({ target: backend, token, method: 'sayHello', ...load }),
  await grpcBytesPerCall({ port: backendGrpcPort, token, method: 'sayHello', length: 0, calls: 50 }),
);
for (const length of lengths) {
  record(
    `gRPC getAll(${length})`,
    await grpcLoad({ target: backend, token, method: 'getAll', length, ...load }),
    await grpcBytesPerCall({
      port: backendGrpcPort,
      token,
      method: 'getAll',
      length,
      calls: bytesCalls(length),
    }),
  );
  record(
    `minimal grpc-js getAll(${length})`,
    await grpcLoad({ target: minimal, token, method: 'getAll', length, ...load }),
    await grpcBytesPerCall({ port: minimalPort, token, method: 'getAll', length, calls: bytesCalls(length) }),
  );
  record(
    `gRPC getStream(${length})`,
    await grpcLoad({ target: backend, token, method: 'getStream', length, ...load }),
    await grpcBytesPerCall({
      port: backendGrpcPort,
      token,
      method: 'getStream',
      length,
      calls: bytesCalls(length),
    }),
  );
  record(
    `REST GET /api/items?length=${length}`,
    await restLoad({ url: rest, token, length, ...load }),
    await restBytesPerCall({ port: backendHttpPort, token, length, calls: bytesCalls(length) }),
  );
  const gzipBytes = await restBytesPerCall({
    port: backendHttpPort,
    token,
    length,
    calls: bytesCalls(length),
    gzip: true,
  });
  process.stderr.write(`  REST with Accept-Encoding: gzip: ${fmt(gzipBytes)} B/call\n`);
  rows.push({ label: `REST gzip bytes (${length})`, bytes: gzipBytes });
}

stopAll();
rmSync(workDir, { recursive: true, force: true });

const ratio = median(ratios);
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ${seconds} s per row, concurrency ${concurrency}.`,
);
console.log('\n| call | requests/s | items/s | p99 ms | bytes on the wire per call |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const row of rows.filter((entry) => entry.requestsPerSecond !== undefined)) {
  console.log(
    `| ${row.label} | ${fmt(row.requestsPerSecond, 1)} | ${fmt(row.itemsPerSecond)} | ${fmt(row.p99Ms, 1)} | ${fmt(row.bytes)} |`,
  );
}
for (const row of rows.filter((entry) => entry.requestsPerSecond === undefined)) {
  console.log(`| ${row.label} | | | | ${fmt(row.bytes)} |`);
}
console.log(
  `\ngetAll(1000) throughput of grpc-backend / minimal grpc-js server: ${ratios.map((r) => r.toFixed(3)).join(', ')} (median ${ratio.toFixed(3)}; target ≥ 0.80)`,
);
