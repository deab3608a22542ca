import type { BenchResults } from './results.js';

/** Start-up goal: spawn to ready, median of the samples. */
export const startupGoalMs = 500;
/** Memory: growth of peak RSS from load run 1 to run 3 above this is flagged. */
export const memoryGrowthLimit = 0.1;

export type TargetKind = 'floor' | 'seed' | 'memory' | 'startup';

export interface TargetRow {
  id: string;
  kind: TargetKind;
  label: string;
  goal: string;
  /** The measured figure the goal is judged on, as text; "not measured" when its step failed. */
  measured: string;
  /** The other view (CPU efficiency, the three RSS figures…), as text. */
  detail: string;
  /** undefined: not measured. */
  pass: boolean | undefined;
}

/** Every ratio target the suite checks, so a missing one is reported as not measured. */
export const ratioTargets: readonly { id: string; kind: 'floor' | 'seed'; label: string; goal: number }[] = [
  {
    id: 'db-api-foo',
    kind: 'floor',
    label: 'db-api POST /example/foo / express route, same work',
    goal: 0.8,
  },
  {
    id: 'db-api-users',
    kind: 'floor',
    label: 'db-api POST /example/users / express + the same pg query',
    goal: 0.8,
  },
  {
    id: 'db-api-bar',
    kind: 'floor',
    label: 'db-api POST /example/bar / pgbench, the same statements',
    goal: 0.5,
  },
  { id: 'counter', kind: 'floor', label: 'counter GET / / express + one INCR', goal: 0.9 },
  { id: 'totp-check', kind: 'floor', label: 'totp GET /check/:key / express + the same check', goal: 0.8 },
  { id: 'grpc-getall', kind: 'floor', label: 'gRPC getAll(1000) / minimal grpc-js server', goal: 0.9 },
  {
    id: 'seed-db-api-foo',
    kind: 'seed',
    label: 'db-api foo, 2 workers / Flask seed, gunicorn -w 2',
    goal: 1.3,
  },
  {
    id: 'seed-counter',
    kind: 'seed',
    label: 'counter GET /, 2 workers / Flask seed, gunicorn -w 2',
    goal: 2,
  },
];

/** The four apps whose memory and start-up are measured. */
export const measuredApps = ['db-api', 'counter', 'totp', 'grpc-backend'] as const;

export const percent = (value: number): string => `${Math.round(value * 100)}%`;
/** A ratio against a goal: percentages under 1.5, multiples (×) above. */
export const ratioText = (value: number, goal: number): string =>
  goal >= 1 ? `${value.toFixed(2)}×` : percent(value);

/** The measured ratios of a run, keyed by target id. */
export function measuredRatios(results: BenchResults): Map<string, { rps: number; cpu: number | null }> {
  const found = new Map<string, { rps: number; cpu: number | null }>();
  for (const app of results.apps) for (const ratio of app.ratios) found.set(ratio.id, ratio);
  for (const seed of results.seed) found.set(seed.id, seed);
  return found;
}

/** Every target of the run, judged: floors and seed by requests/s ratio, memory growth, start-up median. */
export function judgeTargets(results: BenchResults): TargetRow[] {
  const ratios = measuredRatios(results);
  const rows: TargetRow[] = ratioTargets.map(({ id, kind, label, goal }) => {
    const measured = ratios.get(id);
    const goalText = `≥ ${ratioText(goal, goal)}`;
    if (!measured || !Number.isFinite(measured.rps)) {
      return { id, kind, label, goal: goalText, measured: 'not measured', detail: '', pass: undefined };
    }
    return {
      id,
      kind,
      label,
      goal: goalText,
      measured: ratioText(measured.rps, goal),
      detail: measured.cpu === null ? '–' : ratioText(measured.cpu, goal),
      pass: measured.rps >= goal,
    };
  });
  for (const app of measuredApps) {
    const memory = results.memory.find((entry) => entry.app === app);
    rows.push({
      id: `memory-${app}`,
      kind: 'memory',
      label: `${app} resident memory, load run 1 → 3`,
      goal: `growth ≤ ${percent(memoryGrowthLimit)}`,
      measured: memory
        ? `${memory.growth >= 0 ? '+' : ''}${(memory.growth * 100).toFixed(1)}%`
        : 'not measured',
      detail: memory ? memory.runsMiB.map((mib) => `${mib.toFixed(1)}`).join(' / ') + ' MiB' : '',
      pass: memory ? memory.growth <= memoryGrowthLimit : undefined,
    });
  }
  for (const app of measuredApps) {
    const startup = results.startup.find((entry) => entry.app === app);
    rows.push({
      id: `startup-${app}`,
      kind: 'startup',
      label: `${app} start-up, spawn to /readyz 200`,
      goal: `< ${(startupGoalMs / 1000).toFixed(1)} s`,
      measured: startup ? `${(startup.medianMs / 1000).toFixed(3)} s` : 'not measured',
      detail: startup ? `median of ${startup.samplesMs.length}` : '',
      pass: startup ? startup.medianMs < startupGoalMs : undefined,
    });
  }
  return rows;
}
