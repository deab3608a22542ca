import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cpuSeconds } from './proc.js';

const run = promisify(execFile);
const requestScript = fileURLToPath(new URL('../lua/request.lua', import.meta.url));

export interface WrkOutput {
  requests: number;
  rps: number;
  p99Ms: number;
  /** Answers that were not 2xx or 3xx. */
  failed: number;
  /** Connect, read, write and timeout errors. */
  socketErrors: number;
}

/** The figures of one `wrk --latency` run's text output. */
export function parseWrk(stdout: string): WrkOutput {
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1]);
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  const [, value, unit] = /^\s+99(?:\.000)?%\s+([\d.]+)(us|ms|s)\b/m.exec(stdout) ?? [];
  const scale: Record<string, number> = { us: 0.001, ms: 1, s: 1000 };
  const p99Ms = value && unit ? Number(value) * (scale[unit] ?? Number.NaN) : Number.NaN;
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const socketErrors = errors ? errors.slice(1).reduce((sum, count) => sum + Number(count), 0) : 0;
  if (!Number.isFinite(requests) || !Number.isFinite(rps))
    throw new Error(`unexpected wrk output: ${stdout}`);
  return { requests, rps, p99Ms, failed, socketErrors };
}

export interface LoadRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
}

export interface LoadResult {
  rps: number;
  p99Ms: number;
  /** Server CPU per request (µs), the whole process tree of `pid`. */
  cpuUs: number;
}

/** wrk against one server (2 threads, keep-alive connections) with its CPU time per request. */
export async function wrk(
  request: LoadRequest,
  options: { seconds: number; connections: number; pid: number },
): Promise<LoadResult> {
  const { seconds, connections, pid } = options;
  const env = {
    ...process.env,
    WRK_METHOD: request.method ?? 'GET',
    WRK_BODY: request.body ?? '',
    WRK_HEADERS: JSON.stringify(request.headers ?? {}),
  };
  const before = cpuSeconds(pid);
  const { stdout } = await run(
    'wrk',
    ['-t2', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', requestScript, request.url],
    { env, maxBuffer: 1 << 20 },
  );
  const cpu = cpuSeconds(pid) - before;
  const output = parseWrk(stdout);
  if (output.failed > 0) throw new Error(`${request.url}: ${output.failed} answers were not 2xx or 3xx`);
  return { rps: output.rps, p99Ms: output.p99Ms, cpuUs: (cpu / output.requests) * 1e6 };
}
