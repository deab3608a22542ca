import type { BenchResults } from '../src/results.js';

/**
 * A whole run's results, made up for the renderer's tests: some targets met, some missed, one
 * (users) not measured, one app's memory growing, one start-up too slow.
 */
export function fixtureResults(): BenchResults {
  return {
    date: '2026-11-30T12:00:00.000Z',
    machine: {
      cpus: 2,
      model: 'Test CPU <fast> & "quoted"',
      memoryGiB: 23.4,
      os: 'Linux 6.1',
      loadAverage: 0.42,
    },
    node: 'v20.19.5',
    settings: { seconds: 5, rounds: 3, connections: 16 },
    apps: [
      {
        app: 'db-api',
        settings: { seconds: 5, rounds: 3, connections: 16, webConcurrency: 1 },
        rows: [
          { name: 'express foo', rps: 8000, p99Ms: 7.5, cpuUs: 130 },
          { name: 'foo', rps: 6800, p99Ms: 9.1, cpuUs: 150 },
          { name: 'pgbench bar', rps: 6000, p99Ms: 5.0, cpuUs: null },
          { name: 'bar', rps: 2400, p99Ms: 20.1, cpuUs: 460 },
        ],
        ratios: [
          {
            id: 'db-api-foo',
            label: 'foo / express foo',
            app: 'foo',
            floor: 'express foo',
            goal: 0.8,
            rps: 0.85,
            cpu: 0.87,
          },
          {
            id: 'db-api-bar',
            label: 'bar / pgbench bar',
            app: 'bar',
            floor: 'pgbench bar',
            goal: 0.5,
            rps: 0.4,
            cpu: null,
          },
        ],
      },
      {
        app: 'grpc-backend',
        settings: { seconds: 5, slices: 20, concurrency: 16 },
        rows: [
          { name: 'minimal grpc-js getAll(1000)', rps: 1000, cpuUs: 500 },
          { name: 'getAll(1000)', rps: 950, cpuUs: 560 },
        ],
        ratios: [
          {
            id: 'grpc-getall',
            label: 'getAll',
            app: 'getAll(1000)',
            floor: 'minimal',
            goal: 0.9,
            rps: 0.95,
            cpu: 0.89,
          },
        ],
        payloads: [
          {
            length: 10,
            grpc: { rps: 4600, cpuMsPerCall: 0.109, bytes: 237 },
            grpcStream: { rps: 3200, cpuMsPerCall: 0.166, bytes: 344 },
            rest: { rps: 2800, cpuMsPerCall: 0.405, bytes: 1352 },
            minimal: { rps: 5800, cpuMsPerCall: 0.07, bytes: 235 },
            restGzipBytes: 1375,
          },
          {
            length: 100000,
            grpc: { rps: 5.6, cpuMsPerCall: 158.8, bytes: 1774828 },
            grpcStream: { rps: 2.5, cpuMsPerCall: 341.3, bytes: 2974642 },
            rest: { rps: 24.8, cpuMsPerCall: 48.1, bytes: 3278901 },
            minimal: { rps: 7.1, cpuMsPerCall: 115.2, bytes: 1774819 },
            restGzipBytes: 462499,
          },
        ],
      },
    ],
    seed: [
      {
        id: 'seed-counter',
        label: 'counter GET /',
        goal: 2,
        platform: { name: 'counter', rps: 9000, cpuUs: 180 },
        seed: { name: 'seed', rps: 3000, cpuUs: 600 },
        rps: 3,
        cpu: 3.33,
        note: 'sync workers',
      },
      {
        id: 'seed-db-api-foo',
        label: 'db-api foo',
        goal: 1.3,
        platform: { name: 'db-api', rps: 3600, cpuUs: 300 },
        seed: { name: 'seed', rps: 3000, cpuUs: 600 },
        rps: 1.2,
        cpu: 2,
        note: '',
      },
    ],
    memory: [
      { app: 'db-api', load: 'POST /example/foo', runsMiB: [80, 82, 81], growth: 0.0125 },
      { app: 'counter', load: 'GET /', runsMiB: [60, 66, 72], growth: 0.2 },
    ],
    startup: [
      { app: 'db-api', samplesMs: [300, 320, 310, 305, 330], medianMs: 310 },
      { app: 'totp', samplesMs: [600, 620, 610, 590, 640], medianMs: 610 },
    ],
    observability: [
      {
        app: 'counter',
        load: 'GET /',
        traced: { name: 'counter', rps: 20_000, cpuUs: 48.25, p99Ms: 2 },
        untraced: { name: 'counter OTEL_SDK_DISABLED=true', rps: 22_500, cpuUs: 42.5, p99Ms: 1.8 },
        rps: 0.9,
        tracingUs: 5.75,
      },
    ],
    httpMetricsNs: 61.4,
    failures: [{ step: 'totp benchmark', error: 'wrk exited with 1' }],
  };
}
