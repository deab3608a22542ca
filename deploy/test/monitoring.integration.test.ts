import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import { startAppProcess, type AppProcess } from '@platform/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { deployRoot, repoRoot } from './support/paths.js';
import { runCommand } from './support/run-command.js';

// deploy/monitoring: the alert rules and Prometheus' configuration pass promtool (Debian's
// `prometheus` package, which scripts/ensure.d/deploy.sh installs), and every metric the
// dashboard and the rules query is one the apps really expose: they are started from their
// sources, given a little traffic of each kind, and scraped.

const monitoring = path.join(deployRoot, 'monitoring');
const rulesFile = path.join(monitoring, 'prometheus', 'alerts.yml');
const dashboardFile = path.join(monitoring, 'grafana', 'dashboards', 'platform-overview.json');

/** Metrics of the contract made by @platform/service-container (its own tests produce them). */
const serviceClientMetrics = [
  'service_client_calls_total',
  'service_client_call_duration_seconds',
  'service_client_retries_total',
  'service_client_breaker_state',
  'service_client_bulkhead_rejected_total',
  'service_client_hedges_total',
];
/** Series Prometheus makes itself for each target. */
const prometheusOwn = ['up', 'scrape_duration_seconds'];

/** The metric names a PromQL expression selects (a name followed by `{` or `[`). */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*[{[]/g)].map((match) => match[1] as string);
}

/** Every metric name of a Prometheus text exposition: its series, and the series of what it declares. */
function exposed(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]/.exec(line);
    if (match) names.add(match[1] as string);
    // A metric declared but not yet observed (the GC histogram before the first collection) has
    // its TYPE line only: its series names count as exposed too.
    const declared = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)$/.exec(line);
    if (declared) {
      const [, name, type] = declared as unknown as [string, string, string];
      const suffixes =
        type === 'histogram'
          ? ['_bucket', '_sum', '_count']
          : type === 'summary'
            ? ['', '_sum', '_count']
            : [''];
      for (const suffix of suffixes) names.add(`${name}${suffix}`);
    }
  }
  return names;
}

interface Dashboard {
  panels: { type: string; title: string; targets?: { expr: string }[] }[];
}

const dashboard = JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;
const rules = parse(readFileSync(rulesFile, 'utf8')) as {
  groups: { rules: { alert: string; expr: string }[] }[];
};
const dashboardExprs = dashboard.panels.flatMap((panel) =>
  (panel.targets ?? []).map((target) => target.expr),
);
const ruleExprs = rules.groups.flatMap((group) => group.rules.map((rule) => rule.expr));

describe('deploy/monitoring files', () => {
  it('the alert rules pass promtool check rules', async () => {
    const result = await runCommand('promtool', ['check', 'rules', rulesFile]);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('the Prometheus configuration passes promtool check config, scraping every HTTP app', async () => {
    const config = parse(readFileSync(path.join(monitoring, 'prometheus', 'prometheus.yml'), 'utf8')) as {
      rule_files: string[];
      scrape_configs: { job_name: string; dns_sd_configs: { names: string[]; port: number }[] }[];
    };
    // promtool resolves rule_files itself: point it at the file in the repository.
    const local = { ...config, rule_files: [rulesFile] };
    const dir = mkdtempSync(path.join(tmpdir(), 'prometheus-'));
    try {
      writeFileSync(path.join(dir, 'prometheus.yml'), stringify(local));
      const result = await runCommand('promtool', ['check', 'config', path.join(dir, 'prometheus.yml')]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const scraped = Object.fromEntries(
      config.scrape_configs.map((job) => [job.job_name, job.dns_sd_configs[0]?.port]),
    );
    const apps = [
      'db-api',
      'grpc-frontend',
      'grpc-backend',
      'counter',
      'totp',
      'hello-express',
      'hello-http',
      'hello-koa',
    ];
    for (const app of apps) {
      const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'apps', app, 'package.json'), 'utf8')) as {
        platform?: { port?: number };
      };
      expect(scraped[app], app).toBe(pkg.platform?.port);
    }
  });

  it('the dashboard is Grafana JSON whose every panel queries Prometheus', () => {
    const queried = dashboard.panels.filter((panel) => panel.type !== 'row');
    expect(queried.length).toBeGreaterThan(10);
    for (const panel of queried) expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
  });
});

describe('the metrics the dashboard and the rules query', () => {
  let testDb: TestDatabase;
  const apps: AppProcess[] = [];
  const token = 'monitoring-token-0123456789abcdef';
  const names = new Set<string>();

  beforeAll(async () => {
    const env = { PATH: process.env['PATH'] ?? '', ENVIRONMENT: 'test', LOG_LEVEL: 'info' };
    const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    testDb = await createTestDatabase({ prefix: 'deploy_monitoring' });
    const dir = (app: string) => path.join(repoRoot, 'apps', app);
    const backend = await startAppProcess(dir('grpc-backend'), {
      ...env,
      BACKEND_PORT: '0',
      BEARER: `frontend:${token}`,
    });
    apps.push(backend);
    const grpc = new URL(backend.urls.find((url) => url.startsWith('grpc://')) ?? '');
    const started = await Promise.all([
      startAppProcess(dir('grpc-frontend'), {
        ...env,
        BACKEND_HOST: grpc.hostname,
        BACKEND_PORT: grpc.port,
        BACKEND_TOKEN: token,
      }),
      startAppProcess(dir('counter'), {
        ...env,
        REDIS_URL: redisUrl,
        COUNTER_NAMESPACE: `test-monitoring-${process.pid}`,
      }),
      startAppProcess(dir('totp'), {
        ...env,
        REDIS_URL: redisUrl,
        BEARER: token,
        TOTP_REDIS_PREFIX: `totp:test:monitoring:${process.pid}:`,
        TOTP_ENCRYPTION_KEY: 'b2'.repeat(32),
        TOTP_BASE32_SECRET: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      }),
      startAppProcess(dir('db-api'), { ...env, DATABASE_URL: testDb.url, BEARER: token }),
    ]);
    apps.push(...started);
    const [frontend, counter, totp, dbApi] = started as [AppProcess, AppProcess, AppProcess, AppProcess];
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${frontend.url}/?name=monitoring`)).status).toBe(200);
    expect((await fetch(counter.url)).status).toBe(200);
    expect((await fetch(`${totp.url}/check/000000`, { headers: auth })).status).toBe(200);
    const post = await fetch(`${dbApi.url}/example/users`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'monitoring' }),
    });
    expect(post.status).toBe(200);
    for (const app of apps) {
      const response = await fetch(`${app.url}/metrics`);
      expect(response.status).toBe(200);
      for (const name of exposed(await response.text())) names.add(name);
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    await testDb?.drop();
  });

  function unknown(exprs: readonly string[]): string[] {
    const used = new Set(exprs.flatMap(metricNames));
    return [...used].filter(
      (name) => !names.has(name) && !serviceClientMetrics.includes(name) && !prometheusOwn.includes(name),
    );
  }

  it('the dashboard uses only metrics the apps expose', () => {
    expect(names.has('http_server_request_duration_seconds_bucket')).toBe(true);
    expect(unknown(dashboardExprs)).toEqual([]);
  });

  it('the alert rules use only metrics the apps expose', () => {
    expect(unknown(ruleExprs)).toEqual([]);
  });
});
