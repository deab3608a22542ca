/** One measured target (app, floor, seed) in a comparison. */
export interface LoadFigures {
  name: string;
  /** Requests per second (median of the rounds). */
  rps: number;
  /** Server CPU time (user + system, whole process tree) per request, µs; null when not measured. */
  cpuUs: number | null;
  p99Ms?: number | null;
}

/** A ratio of an app against what it is compared with, as an app benchmark script writes it. */
export interface RatioResult {
  id: string;
  label: string;
  /** Names of the rows compared (app over floor). */
  app: string;
  floor: string;
  /** The goal for the requests/s ratio (0.8 = 80% of the floor; 2 = twice the seed). */
  goal: number;
  /** Requests/s ratio, app over floor (median of the per-round ratios). */
  rps: number;
  /** CPU efficiency: the floor's CPU per request over the app's; null when the floor's is not measured. */
  cpu: number | null;
}

/** What an app's bench script writes with BENCH_JSON=<file>. */
export interface AppBenchResult {
  app: string;
  settings: Record<string, number>;
  rows: LoadFigures[];
  ratios: RatioResult[];
  /** grpc-backend only: gRPC and its REST twin by payload size. */
  payloads?: PayloadResult[];
}

export interface CallFigures {
  rps: number;
  cpuMsPerCall: number;
  bytes: number;
}

export interface PayloadResult {
  length: number;
  grpc: CallFigures;
  grpcStream: CallFigures;
  rest: CallFigures;
  minimal: CallFigures;
  restGzipBytes: number;
}

/** The platform app with WEB_CONCURRENCY=2 against the seed's Flask app under gunicorn -w 2. */
export interface SeedResult {
  id: string;
  label: string;
  goal: number;
  platform: LoadFigures;
  seed: LoadFigures;
  rps: number;
  cpu: number | null;
  note: string;
}

export interface MemoryResult {
  app: string;
  /** What the load was. */
  load: string;
  /** Peak resident memory (VmRSS summed over the process tree) during each of three load runs, MiB. */
  runsMiB: number[];
  /** Run 3 over run 1, minus one (0.05 = 5% growth). */
  growth: number;
}

export interface StartupResult {
  app: string;
  /** Spawn to the first 200 from /readyz, ms, each sample. */
  samplesMs: number[];
  medianMs: number;
}

/** Where an app's CPU time went under load: its flame graph's file and its top functions (name, share of busy time). */
export interface ProfileResult {
  app: string;
  load: string;
  svg: string;
  top: [string, number][];
}

/** One app with tracing on (its default) and off (OTEL_SDK_DISABLED=true), side by side. */
export interface ObservabilityResult {
  app: string;
  load: string;
  traced: LoadFigures;
  untraced: LoadFigures;
  /** Requests/s traced over untraced (median of the per-round ratios). */
  rps: number;
  /** Server CPU per request that tracing adds, µs (traced minus untraced medians). */
  tracingUs: number;
}

export interface BenchResults {
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; os: string; loadAverage: number };
  node: string;
  settings: { seconds: number; rounds: number; connections: number };
  apps: AppBenchResult[];
  seed: SeedResult[];
  memory: MemoryResult[];
  startup: StartupResult[];
  /** Tracing's cost (the `observability` step); absent in results written before it existed. */
  observability?: ObservabilityResult[];
  /** CPU ns one request's HTTP metrics take, timed in-process (the `observability` step). */
  httpMetricsNs?: number;
  /** Flame graphs (the `profile` step); absent in results written before it existed. */
  profiles?: ProfileResult[];
  /** Steps that failed, with their error: the report says so instead of a figure. */
  failures: { step: string; error: string }[];
}
