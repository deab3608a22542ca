import { figure, table } from './format.js';
import type { BenchResults } from './results.js';
import { judgeTargets, memoryGrowthLimit, startupGoalMs } from './targets.js';

const notMeasured = '_Not measured in this run._';

const verdict = (pass: boolean | undefined): string =>
  pass === undefined ? 'not measured' : pass ? 'pass' : '**fail**';

/** docs/benchmarks/report.md from one run's results. */
export function renderMarkdown(results: BenchResults): string {
  const { machine, settings } = results;
  const targets = judgeTargets(results);
  const judged = targets.filter((row) => row.pass !== undefined);
  const met = judged.filter((row) => row.pass).length;
  const out: string[] = [];
  out.push('# Benchmark report', '');
  out.push(
    `Written by \`npm run bench\` on ${results.date}. Machine: ${machine.cpus} × ${machine.model}, ` +
      `${figure(machine.memoryGiB, 1)} GiB, ${machine.os}, load average ${figure(machine.loadAverage, 2)} at the start; ` +
      `Node ${results.node}. Every load: ${settings.connections} keep-alive connections, ` +
      `${settings.seconds} s per measurement, median of ${settings.rounds} interleaved rounds ` +
      '(the load generator, the apps and their databases share the machine). ' +
      'Method and floors: [docs/performance.md](../performance.md).',
    '',
  );
  out.push('![Ratios against the goals, and gRPC against REST by payload size](report.svg)', '');
  out.push('## Targets', '');
  out.push(
    `${met} of ${judged.length} measured targets met` +
      (judged.length < targets.length ? `; ${targets.length - judged.length} not measured.` : '.') +
      ' Ratios are judged on requests/s (app over floor or seed); CPU efficiency is the floor’s server ' +
      'CPU time per request over the app’s, the steadier view on a shared machine.',
    '',
  );
  out.push(
    table(
      ['target', 'goal', 'measured', 'CPU efficiency / detail', 'result'],
      targets.map((row) => [row.label, row.goal, row.measured, row.detail, verdict(row.pass)]),
      [2],
    ),
    '',
  );

  out.push('## Each app against its floor', '');
  if (results.apps.length === 0) out.push(notMeasured, '');
  for (const app of results.apps) {
    const webConcurrency = app.settings['webConcurrency'];
    out.push(`### ${app.app}`, '');
    if (webConcurrency !== undefined)
      out.push(`App started with WEB_CONCURRENCY=${webConcurrency}; floors one process.`, '');
    out.push(
      table(
        ['scenario', 'req/s', 'p99 (ms)', 'server CPU per request (µs)'],
        app.rows.map((row) => [row.name, figure(row.rps), figure(row.p99Ms, 2), figure(row.cpuUs)]),
        [1, 2, 3],
      ),
      '',
    );
  }

  out.push('## Against the seed’s Flask apps', '');
  out.push(
    'The platform app as a production start on this host runs it (`WEB_CONCURRENCY=2`: two node:cluster ' +
      'workers) next to the blog posts’ Flask app under `gunicorn -w 2` (two sync workers, which close ' +
      'every connection after its answer), measured side by side; CPU per request is summed over ' +
      'master and workers. The seed apps are in `tools/bench/seed/`.',
    '',
  );
  if (results.seed.length === 0) out.push(notMeasured, '');
  else
    out.push(
      table(
        [
          'comparison',
          'platform req/s',
          'platform CPU µs/req',
          'seed req/s',
          'seed CPU µs/req',
          'ratio',
          'goal',
          'note',
        ],
        results.seed.map((entry) => [
          entry.label,
          figure(entry.platform.rps),
          figure(entry.platform.cpuUs),
          figure(entry.seed.rps),
          figure(entry.seed.cpuUs),
          `${entry.rps.toFixed(2)}×`,
          `≥ ${entry.goal}×`,
          entry.note,
        ]),
        [1, 2, 3, 4, 5],
      ),
      '',
    );

  const payloads = results.apps.find((app) => app.payloads)?.payloads ?? [];
  if (payloads.length > 0) {
    out.push('## gRPC against REST by payload size', '');
    out.push(
      'grpc-backend’s `getAll(n)` against its REST/JSON twin `GET /api/items?length=n` (identity JSON: ' +
        'the app leaves compression to the proxy), same process, same concurrency; bytes counted both ways.',
      '',
    );
    out.push(
      table(
        [
          'items',
          'gRPC req/s',
          'gRPC CPU ms/call',
          'gRPC bytes/call',
          'REST req/s',
          'REST CPU ms/call',
          'REST bytes/call',
        ],
        payloads.map((p) => [
          figure(p.length),
          figure(p.grpc.rps, 1),
          figure(p.grpc.cpuMsPerCall, 3),
          figure(p.grpc.bytes),
          figure(p.rest.rps, 1),
          figure(p.rest.cpuMsPerCall, 3),
          figure(p.rest.bytes),
        ]),
        [0, 1, 2, 3, 4, 5, 6],
      ),
      '',
    );
  }

  if (results.observability !== undefined || results.httpMetricsNs !== undefined) {
    out.push('## What metrics and tracing cost', '');
    out.push(
      'Every figure above has metrics and tracing on, as the apps start by default. Tracing: each app ' +
        'as two processes side by side, by default and with `OTEL_SDK_DISABLED=true` (no spans, no ' +
        'context, no trace ids in the log lines), loaded alike in interleaved rounds; metrics stay on in both.',
      '',
    );
    const observed = results.observability ?? [];
    if (observed.length === 0) out.push(notMeasured, '');
    else
      out.push(
        table(
          [
            'app',
            'load',
            'traced req/s',
            'untraced req/s',
            'traced / untraced',
            'traced CPU µs/req',
            'untraced CPU µs/req',
            'tracing’s CPU µs/req',
          ],
          observed.map((entry) => [
            entry.app,
            entry.load,
            figure(entry.traced.rps),
            figure(entry.untraced.rps),
            `${figure(entry.rps * 100, 1)}%`,
            figure(entry.traced.cpuUs, 1),
            figure(entry.untraced.cpuUs, 1),
            figure(entry.tracingUs, 1),
          ]),
          [2, 3, 4, 5, 6, 7],
        ),
        '',
      );
    if (results.httpMetricsNs !== undefined)
      out.push(
        `Metrics: one request's HTTP metrics (the in-flight gauge up and down, one sample of ` +
          `\`http_server_request_duration_seconds\`) take ${figure(results.httpMetricsNs)} ns of CPU, ` +
          'timed in-process over two million requests.',
        '',
      );
  }

  out.push('## Resident memory under load', '');
  out.push(
    `Peak VmRSS (from /proc, summed over the process and its cluster workers) during each of three ` +
      `successive load runs on one process; growth above ${Math.round(memoryGrowthLimit * 100)}% from run 1 to run 3 is flagged.`,
    '',
  );
  if (results.memory.length === 0) out.push(notMeasured, '');
  else
    out.push(
      table(
        ['app', 'load', 'run 1 (MiB)', 'run 2 (MiB)', 'run 3 (MiB)', 'growth', 'flag'],
        results.memory.map((entry) => [
          entry.app,
          entry.load,
          ...[0, 1, 2].map((index) => figure(entry.runsMiB[index], 1)),
          `${(entry.growth * 100).toFixed(1)}%`,
          entry.growth > memoryGrowthLimit ? '**growing**' : '',
        ]),
        [2, 3, 4, 5],
      ),
      '',
    );

  out.push('## Start-up', '');
  out.push(
    `From spawning \`node dist/main.js\` to the first 200 from \`/readyz\` (grpc-backend: its HTTP port), ` +
      `no migrations (db-api against an already-migrated database); goal under ${startupGoalMs} ms.`,
    '',
  );
  if (results.startup.length === 0) out.push(notMeasured, '');
  else
    out.push(
      table(
        ['app', 'samples (ms)', 'median (ms)', 'result'],
        results.startup.map((entry) => [
          entry.app,
          entry.samplesMs.map((ms) => figure(ms)).join(', '),
          figure(entry.medianMs),
          verdict(entry.medianMs < startupGoalMs),
        ]),
        [2],
      ),
      '',
    );

  if (results.profiles && results.profiles.length > 0) {
    out.push('## Where the time goes', '');
    out.push(
      "Each app under `node --cpu-prof` for one load run (the memory step's load); the flame graph " +
        'shows every call path as wide as the CPU time spent in it and below it (idle left out), and ' +
        'the table the functions with the most time of their own.',
      '',
    );
    for (const profile of results.profiles) {
      out.push(
        `### ${profile.app} — ${profile.load}`,
        '',
        `![${profile.app} flame graph](${profile.svg})`,
        '',
      );
      out.push(
        table(
          ['function', 'share of busy CPU'],
          profile.top.map(([name, share]) => [`\`${name}\``, `${(share * 100).toFixed(1)}%`]),
          [1],
        ),
        '',
      );
    }
  }

  if (results.failures.length > 0) {
    out.push('## Steps that failed', '');
    for (const failure of results.failures)
      out.push(`- ${failure.step}: ${failure.error.replaceAll('\n', ' ')}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
