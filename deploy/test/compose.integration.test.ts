import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { deployRoot } from './support/paths.js';
import { runCommand, type CommandResult } from './support/run-command.js';
import { clientAddressSeenByApp } from './support/client-address.js';
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
  ports?: (string | { target: number; published: number | string; host_ip?: string })[];
  networks?: Record<string, { ipv4_address?: string } | null> | string[];
  command?: string[];
  volumes?: (string | { source: string; target: string })[];
}
interface ComposeConfig {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { internal?: boolean; ipam?: { config?: { subnet: string }[] } }>;
}
interface Published {
  hostIp: string;
  published: number;
  target: number;
}

const composeDir = path.join(deployRoot, 'compose');
/** Reached inside the platform only (the frontend calls it over gRPC), so not behind nginx. */
const internalApps = new Set(['grpc-backend']);
/** A different value for every secret, so a value shows which variable it came from. */
const secrets = {
  DB_API_BEARER: `ops:${'d'.repeat(32)},reports:${'e'.repeat(32)}`,
  TOTP_BEARER: `ops:${'t'.repeat(32)}`,
  GRPC_BACKEND_BEARER: `grpc-frontend:${'f'.repeat(32)}`,
  GRPC_FRONTEND_BACKEND_TOKEN: 'f'.repeat(32),
  TOTP_ENCRYPTION_KEY: 'a'.repeat(64),
  POSTGRES_PASSWORD: 'superuser1',
  DB_API_DATABASE_PASSWORD: 'dbapirole1',
  REDIS_PASSWORD: 'redispassword1',
  ELASTIC_PASSWORD: 'elastic0123456789',
  KIBANA_PASSWORD: 'kibana0123456789',
  FILEBEAT_PASSWORD: 'filebeat0123456789',
};
/** Required: `docker-compose config` refuses to run without each. */
const required = [
  'DB_API_BEARER',
  'TOTP_BEARER',
  'GRPC_BACKEND_BEARER',
  'GRPC_FRONTEND_BACKEND_TOKEN',
  'TOTP_ENCRYPTION_KEY',
  'POSTGRES_PASSWORD',
  'DB_API_DATABASE_PASSWORD',
  'REDIS_PASSWORD',
] as const;
/** The services that check bearer tokens, by the variable their BEARER comes from. */
const tokenChecking = {
  'db-api': 'DB_API_BEARER',
  totp: 'TOTP_BEARER',
  'grpc-backend': 'GRPC_BACKEND_BEARER',
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

/** Ports in either form docker-compose prints (`127.0.0.1:8010:8010/tcp` or the long syntax). */
function publishedPorts(service: Service | undefined): Published[] {
  return (service?.ports ?? []).map((port) => {
    if (typeof port !== 'string') {
      return { hostIp: port.host_ip ?? '0.0.0.0', published: Number(port.published), target: port.target };
    }
    const parts = port.replace(/\/\w+$/, '').split(':');
    const target = Number(parts.at(-1));
    const published = Number(parts.at(-2) ?? target);
    return { hostIp: parts.length === 3 ? (parts[0] ?? '') : '0.0.0.0', published, target };
  });
}

function networksOf(service: Service | undefined): string[] {
  const networks = service?.networks ?? [];
  return (Array.isArray(networks) ? networks : Object.keys(networks)).sort();
}

/** The entries of a BEARER list: `name:token` or a bare token. */
function bearerEntries(value: string | null | undefined): { name?: string; token: string }[] {
  return (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const colon = entry.indexOf(':');
      return colon < 0 ? { token: entry } : { name: entry.slice(0, colon), token: entry.slice(colon + 1) };
    });
}

/** Whether an IPv4 address is inside a CIDR. */
function inSubnet(address: string, cidr: string): boolean {
  const toNumber = (ip: string) => ip.split('.').reduce((sum, part) => sum * 256 + Number(part), 0);
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(toNumber(address) / size) === Math.floor(toNumber(base) / size);
}

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

  it.each(required)('refuses to start without %s, naming it', async (name) => {
    const { [name]: _missing, ...others } = secrets;
    const result = await composeConfig(others);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`set ${name}`);
    for (const value of Object.values(others)) expect(result.stderr).not.toContain(value);
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
    const published = new Set(publishedPorts(nginx).map((port) => port.target));
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
  });

  it('publishes nginx, Kibana and Grafana only, the frontend on every interface and the rest on 127.0.0.1', () => {
    const publishing = Object.entries(platform.services)
      .filter(([, service]) => (service.ports ?? []).length > 0)
      .map(([name]) => name)
      .sort();
    expect(publishing).toEqual(['grafana', 'kibana', 'nginx']);
    const nginx = publishedPorts(platform.services['nginx']);
    expect(nginx.filter((port) => port.hostIp !== '127.0.0.1')).toEqual([
      { hostIp: '0.0.0.0', published: 8020, target: 8020 },
    ]);
    expect(publishedPorts(platform.services['kibana'])).toEqual([
      { hostIp: '127.0.0.1', published: 5601, target: 5601 },
    ]);
    expect(publishedPorts(platform.services['grafana'])).toEqual([
      { hostIp: '127.0.0.1', published: 3000, target: 3000 },
    ]);
  });

  it('keeps every other service on the internal network, with no route out', async () => {
    expect(platform.networks?.['platform']?.internal).toBe(true);
    for (const [name, service] of Object.entries(platform.services)) {
      const expected = ['nginx', 'kibana', 'grafana'].includes(name) ? ['edge', 'platform'] : ['platform'];
      expect(networksOf(service), name).toEqual(expected);
    }
    const opened = await config({ PRIVATE_BIND_ADDRESS: '10.1.2.3' });
    expect(
      new Set(publishedPorts(opened.services['nginx']).map((port) => port.hostIp)),
      'PRIVATE_BIND_ADDRESS moves the private ports',
    ).toEqual(new Set(['0.0.0.0', '10.1.2.3']));
  });

  it('believes X-Forwarded-For from nginx alone: its fixed address on the internal subnet', async () => {
    const networks = platform.services['nginx']?.networks as Record<string, { ipv4_address?: string }>;
    const nginxAddress = networks['platform']?.ipv4_address ?? '';
    const subnet = platform.networks?.['platform']?.ipam?.config?.[0]?.subnet ?? '';
    expect(inSubnet(nginxAddress, subnet), `${nginxAddress} in ${subnet}`).toBe(true);
    const apps = workspaceApps().filter((app) => !app.job);
    for (const app of apps) {
      expect(platform.services[app.name]?.environment?.['TRUST_PROXY'], app.name).toBe(nginxAddress);
    }
    const moved = await config({ NGINX_ADDRESS: '10.9.0.5', PLATFORM_SUBNET: '10.9.0.0/24' });
    const movedNetworks = moved.services['nginx']?.networks as Record<string, { ipv4_address?: string }>;
    expect(movedNetworks['platform']?.ipv4_address).toBe('10.9.0.5');
    expect(moved.services['db-api']?.environment?.['TRUST_PROXY']).toBe('10.9.0.5');
  });

  it('counts the address nginx saw, whatever X-Forwarded-For a client on a private network sends', () => {
    const trustProxy = platform.services['db-api']?.environment?.['TRUST_PROXY'] ?? '';
    const networks = platform.services['nginx']?.networks as Record<string, { ipv4_address?: string }>;
    const nginxAddress = networks['platform']?.ipv4_address ?? '';
    // The client sends "X-Forwarded-For: 203.0.113.7" to choose its throttle address; nginx
    // appends the address it saw. Clients on a LAN, a VPN, or another container of the network.
    for (const client of ['192.168.1.50', '10.0.0.8', '172.30.80.99']) {
      const forwarded = `203.0.113.7, ${client}`;
      expect(clientAddressSeenByApp(trustProxy, nginxAddress, forwarded), client).toBe(client);
      // The setting this replaces let that client choose.
      expect(clientAddressSeenByApp('loopback, uniquelocal', nginxAddress, forwarded)).toBe('203.0.113.7');
    }
    // A container that is not nginx sending X-Forwarded-For straight to an app is not believed.
    expect(clientAddressSeenByApp(trustProxy, '172.30.80.99', '203.0.113.7')).toBe('172.30.80.99');
  });

  it("gives every service its own tokens: none accepted by two, the frontend's by grpc-backend alone", () => {
    const accepted = Object.entries(tokenChecking).map(([name, variable]) => {
      const entries = bearerEntries(platform.services[name]?.environment?.['BEARER']);
      expect(entries.length, name).toBeGreaterThan(0);
      expect(entries, `${name} reads ${variable}`).toEqual(
        bearerEntries(secrets[variable as keyof typeof secrets]),
      );
      return { name, tokens: entries.map((entry) => entry.token) };
    });
    for (const [index, one] of accepted.entries()) {
      for (const other of accepted.slice(index + 1)) {
        expect(
          one.tokens.filter((token) => other.tokens.includes(token)),
          `${one.name} and ${other.name}`,
        ).toEqual([]);
      }
    }
    const frontend = platform.services['grpc-frontend']?.environment ?? {};
    expect(frontend['BEARER']).toBeUndefined();
    const sent = frontend['BACKEND_TOKEN'] ?? '';
    expect(sent).toBe(secrets.GRPC_FRONTEND_BACKEND_TOKEN);
    const acceptedBy = accepted
      .filter((service) => service.tokens.includes(sent))
      .map((service) => service.name);
    expect(acceptedBy).toEqual(['grpc-backend']);
    expect(bearerEntries(platform.services['grpc-backend']?.environment?.['BEARER'])).toContainEqual({
      name: 'grpc-frontend',
      token: sent,
    });
    // Services that check no token get none.
    for (const [name, service] of Object.entries(platform.services)) {
      if (!(name in tokenChecking)) expect(service.environment?.['BEARER'], name).toBeUndefined();
    }
  });

  it('runs Redis with a password that every app using it presents', () => {
    const redis = platform.services['redis'];
    const command = redis?.command ?? [];
    expect(command[command.indexOf('--requirepass') + 1]).toBe(secrets.REDIS_PASSWORD);
    expect(redis?.environment?.['REDISCLI_AUTH']).toBe(secrets.REDIS_PASSWORD);
    for (const name of ['counter', 'totp']) {
      const url = new URL(platform.services[name]?.environment?.['REDIS_URL'] ?? '');
      expect(url.password, name).toBe(secrets.REDIS_PASSWORD);
      expect(url.host, name).toBe('redis:6379');
    }
  });

  it('connects db-api as its own role to its own database, never as the superuser', () => {
    const url = new URL(platform.services['db-api']?.environment?.['DATABASE_URL'] ?? '');
    const postgres = platform.services['postgres'];
    expect(url.username).toBe('db_api');
    expect(url.pathname).toBe('/db_api');
    expect(url.password).toBe(secrets.DB_API_DATABASE_PASSWORD);
    expect(url.username).not.toBe(postgres?.environment?.['POSTGRES_USER']);
    expect(url.password).not.toBe(secrets.POSTGRES_PASSWORD);
    expect(postgres?.environment?.['DB_API_DATABASE_PASSWORD']).toBe(secrets.DB_API_DATABASE_PASSWORD);
    const mounts = (postgres?.volumes ?? []).map((volume) =>
      typeof volume === 'string' ? volume.split(':')[1] : volume.target,
    );
    expect(mounts).toContain('/docker-entrypoint-initdb.d');
  });

  it('keeps filebeat, Elasticsearch and Kibana in the optional elk profile', () => {
    for (const name of ['filebeat', 'elasticsearch', 'kibana', 'elk-setup']) {
      expect(platform.services[name]?.profiles, name).toEqual(['elk']);
    }
    expect(platform.services['filebeat']?.environment?.['ENVIRONMENT']).toBe('production');
  });

  it('turns Elasticsearch security on, and gives Kibana and filebeat their own credentials', () => {
    const elasticsearch = platform.services['elasticsearch']?.environment ?? {};
    expect(elasticsearch['xpack.security.enabled']).toBe('true');
    expect(elasticsearch['ELASTIC_PASSWORD']).toBe(secrets.ELASTIC_PASSWORD);
    const kibana = platform.services['kibana']?.environment ?? {};
    expect([kibana['ELASTICSEARCH_USERNAME'], kibana['ELASTICSEARCH_PASSWORD']]).toEqual([
      'kibana_system',
      secrets.KIBANA_PASSWORD,
    ]);
    const filebeat = platform.services['filebeat']?.environment ?? {};
    expect([filebeat['ELASTICSEARCH_USERNAME'], filebeat['ELASTICSEARCH_PASSWORD']]).toEqual([
      'filebeat_writer',
      secrets.FILEBEAT_PASSWORD,
    ]);
    for (const name of ['kibana', 'filebeat']) {
      expect(platform.services[name]?.depends_on?.['elk-setup']?.condition, name).toBe(
        'service_completed_successfully',
      );
    }
  });
});
