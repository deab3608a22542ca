import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployRoot } from './support/paths.js';
import { runCommand, type CommandResult } from './support/run-command.js';
import { workspaceApps } from './support/workspace-apps.js';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  deploy?: { replicas?: number };
  restart?: string;
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  logging?: { driver: string; options?: Record<string, string> };
  healthcheck?: { test?: string[]; disable?: boolean };
  profiles?: string[];
  read_only?: boolean;
  ports?: { target: number; published: number | string }[];
}
interface ComposeConfig {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeDir = path.join(deployRoot, 'compose');
/** Reached inside the platform only (the frontend calls it over gRPC), so not behind nginx. */
const internalApps = new Set(['grpc-backend']);
const secrets = {
  BEARER: 'b'.repeat(32),
  CLIENT_BEARER: 'b'.repeat(32),
  TOTP_ENCRYPTION_KEY: 'a'.repeat(64),
  POSTGRES_PASSWORD: 'secret1',
};
let scratch: string;

/** `docker-compose config` with only the given variables (an empty --env-file shadows a local .env). */
function composeConfig(env: Record<string, string>): Promise<CommandResult> {
  const envFile = path.join(scratch, 'empty.env');
  return runCommand(
    'docker-compose',
    ['--env-file', envFile, '-f', path.join(composeDir, 'docker-compose.yml'), 'config'],
    { env: { PATH: process.env['PATH'], HOME: scratch, ...env }, timeoutMs: 30_000 },
  );
}

async function config(env: Record<string, string> = {}): Promise<ComposeConfig> {
  const result = await composeConfig({ ...secrets, ...env });
  if (result.code !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
  return parse(result.stdout) as ComposeConfig;
}

let platform: ComposeConfig;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'deploy-compose-'));
  writeFileSync(path.join(scratch, 'empty.env'), '');
  platform = await config();
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('deploy/compose/docker-compose.yml', () => {
  it('passes docker-compose config', () => {
    expect(Object.keys(platform.services).length).toBeGreaterThan(10);
  });

  it('refuses to start without the secrets, naming the one that is missing', async () => {
    const result = await composeConfig({ TOTP_ENCRYPTION_KEY: secrets.TOTP_ENCRYPTION_KEY });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/BEARER|POSTGRES_PASSWORD/);
    expect(result.stderr).not.toContain(secrets.TOTP_ENCRYPTION_KEY);
  });

  it('builds every app of the workspace from deploy/Dockerfile, one image per app', () => {
    const apps = workspaceApps();
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      const service = platform.services[app.name];
      expect(service, app.name).toBeDefined();
      expect(service?.build?.dockerfile, app.name).toBe('deploy/Dockerfile');
      expect(path.resolve(service?.build?.context ?? ''), app.name).toBe(path.resolve(deployRoot, '..'));
      expect(service?.build?.args?.['APP'], app.name).toBe(app.name);
      expect(service?.image, app.name).toBe(`platform/${app.name}:dev`);
      expect(service?.restart, app.name).toBe(app.job ? 'no' : 'unless-stopped');
      expect(service?.read_only, app.name).toBe(true);
      expect(service?.environment?.['ENVIRONMENT'], app.name).toBe('production');
      if (app.port !== undefined) expect(service?.environment?.['PORT'], app.name).toBe(String(app.port));
    }
  });

  it('runs three db-api replicas by default, the seed ten when asked, and counter replicas', async () => {
    expect(platform.services['db-api']?.deploy?.replicas).toBe(3);
    expect(platform.services['counter']?.deploy?.replicas).toBe(2);
    const scaled = await config({ DB_API_REPLICAS: '10', COUNTER_REPLICAS: '4' });
    expect(scaled.services['db-api']?.deploy?.replicas).toBe(10);
    expect(scaled.services['counter']?.deploy?.replicas).toBe(4);
  });

  it('keeps PostgreSQL and Redis on volumes with health checks that the apps wait for', () => {
    for (const name of ['postgres', 'redis']) {
      expect(platform.services[name]?.healthcheck?.test?.length, name).toBeGreaterThan(0);
      expect(Object.keys(platform.volumes ?? {})).toContain(`${name}-data`);
    }
    expect(platform.services['db-api']?.depends_on?.['postgres']?.condition).toBe('service_healthy');
    expect(platform.services['counter']?.depends_on?.['redis']?.condition).toBe('service_healthy');
    expect(platform.services['totp']?.depends_on?.['redis']?.condition).toBe('service_healthy');
    expect(platform.services['grpc-frontend']?.depends_on?.['grpc-backend']?.condition).toBe(
      'service_healthy',
    );
  });

  it('bounds every container log, which Docker rotates', () => {
    for (const [name, service] of Object.entries(platform.services)) {
      expect(service.logging?.driver, name).toBe('json-file');
      expect(service.logging?.options?.['max-size'], name).toBe('10m');
    }
  });

  it('puts nginx in front of every HTTP app, with a template and upstream servers for each', () => {
    const nginx = platform.services['nginx'];
    const published = new Set((nginx?.ports ?? []).map((port) => port.target));
    const fronted = workspaceApps().filter(
      (candidate) => candidate.port !== undefined && !candidate.job && !internalApps.has(candidate.name),
    );
    expect(fronted.length).toBeGreaterThan(0);
    for (const app of fronted) {
      const prefix = app.name.toUpperCase().replaceAll('-', '_');
      expect(
        existsSync(path.join(deployRoot, 'nginx', 'templates', `${app.name}.conf.template`)),
        app.name,
      ).toBe(true);
      expect(nginx?.environment?.[`${prefix}_SERVERS`], app.name).toBe(
        `server ${app.name}:${app.port} resolve max_fails=1 fail_timeout=5s;`,
      );
      expect(nginx?.environment?.[`${prefix}_LISTEN`], app.name).toBe(String(app.port));
      expect(published.has(app.port ?? 0), app.name).toBe(true);
      expect(nginx?.depends_on?.[app.name]?.condition, app.name).toBe('service_healthy');
    }
    // Only nginx is published: the replicas are reached through it.
    const publishing = Object.entries(platform.services)
      .filter(([, service]) => (service.ports ?? []).length > 0 && !service.profiles?.includes('elk'))
      .map(([name]) => name);
    expect(publishing).toEqual(['nginx']);
  });

  it('keeps filebeat, Elasticsearch and Kibana in the optional elk profile', () => {
    for (const name of ['filebeat', 'elasticsearch', 'kibana']) {
      expect(platform.services[name]?.profiles, name).toEqual(['elk']);
    }
    expect(platform.services['filebeat']?.environment?.['ENVIRONMENT']).toBe('production');
  });
});
