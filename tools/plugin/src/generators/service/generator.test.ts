import { readJson, type Tree } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createWorkspaceTree, snapshotOf } from '../../testing/platform-tree.js';
import { serviceGenerator } from './generator.js';
import type { ServiceGeneratorSchema } from './schema.js';

interface ComposeService {
  restart?: string;
  env_file?: string;
  command?: string[];
  build?: { args?: Record<string, string> };
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
}

const yamlOf = <T>(tree: Tree, file: string): T =>
  parse(tree.read(file, 'utf-8') ?? '', { merge: true }) as T;
const compose = (tree: Tree) =>
  yamlOf<{ services: Record<string, ComposeService> }>(tree, 'deploy/compose/docker-compose.yml').services;
const kustomization = (tree: Tree, folder: string) =>
  yamlOf<{
    resources?: string[];
    images?: { name: string; newName?: string; newTag: string }[];
    patches?: { target: { kind: string; name?: string } }[];
  }>(tree, `deploy/k8s/${folder}/kustomization.yaml`);

async function generate(tree: Tree, options: ServiceGeneratorSchema): Promise<void> {
  await serviceGenerator(tree, { skipInstall: true, ...options });
}

describe('service generator, --kind=http', () => {
  it('writes an app on the next free 80x0 port, with the scripts and settings of the others', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'orders' });
    expect(readJson(tree, 'apps/orders/package.json')).toMatchObject({
      name: '@platform/orders',
      type: 'module',
      nx: { name: 'orders', tags: ['type:app', 'scope:orders'] },
      platform: { port: 8060 },
      scripts: {
        build: 'tsc -p tsconfig.app.json',
        start: 'node dist/main.js',
        serve: expect.stringContaining(
          'tsx watch --clear-screen=false --env-file=../../.platform/local-secrets.env',
        ),
        test: 'vitest run',
        'test:integration': 'vitest run --mode integration',
      },
      dependencies: { '@platform/auth': '*', '@platform/http': '*', '@platform/settings': '*' },
    });
    expect(tree.read('apps/orders/env/local/.env', 'utf-8')).toContain('PORT=8060');
    expect(tree.read('apps/orders/src/main.ts', 'utf-8')).toContain('runService');
    for (const file of ['app.ts', 'app.test.ts', 'settings.ts', 'settings.test.ts']) {
      expect(tree.exists(`apps/orders/src/${file}`), file).toBe(true);
    }
    expect(tree.read('apps/orders/README.md', 'utf-8')).toContain('Port **8060**');
  });

  it('puts it in compose behind nginx, with its nginx template', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'orders' });
    const services = compose(tree);
    expect(services['orders']).toMatchObject({
      build: { args: { APP: 'orders' } },
      env_file: 'env/orders.env',
      restart: 'unless-stopped',
    });
    expect(tree.read('deploy/compose/env/orders.env', 'utf-8')).toContain('PORT=8060');
    const nginx = services['nginx'];
    expect(nginx?.environment).toMatchObject({
      ORDERS_LISTEN: '8060',
      ORDERS_SERVERS: 'server orders:8060 resolve max_fails=1 fail_timeout=5s;',
    });
    expect(nginx?.ports).toContain('${PRIVATE_BIND_ADDRESS:-127.0.0.1}:${ORDERS_PUBLISHED_PORT:-8060}:8060');
    expect(services['orders']?.environment?.['BEARER']).toBe(
      '${ORDERS_BEARER:?set ORDERS_BEARER (see deploy/README.md)}',
    );
    expect(nginx?.depends_on?.['orders']).toEqual({ condition: 'service_healthy' });
    expect(nginx?.depends_on?.['db-api']).toEqual({ condition: 'service_healthy' });
    const template = tree.read('deploy/nginx/templates/orders.conf.template', 'utf-8');
    expect(template).toContain('${ORDERS_SERVERS}');
    expect(template).toContain('listen ${ORDERS_LISTEN};');
  });

  it('adds a Deployment, Service and budget to the Kubernetes base, and its image to both overlays', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'orders' });
    expect(kustomization(tree, 'base').resources).toContain('orders');
    expect(yamlOf(tree, 'deploy/k8s/base/orders/kustomization.yaml')).toMatchObject({
      resources: ['deployment.yaml', 'service.yaml', 'pdb.yaml'],
    });
    const deployment = tree.read('deploy/k8s/base/orders/deployment.yaml', 'utf-8') ?? '';
    expect(deployment).toContain('containerPort: 8060');
    expect(deployment).toContain('path: /readyz');
    expect(yamlOf(tree, 'deploy/k8s/base/orders/deployment.yaml')).toMatchObject({
      spec: {
        template: {
          metadata: {
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': '8060',
              'prometheus.io/path': '/metrics',
            },
          },
        },
      },
    });
    const prometheus = yamlOf<{ scrape_configs: { job_name: string; dns_sd_configs: unknown[] }[] }>(
      tree,
      'deploy/monitoring/prometheus/prometheus.yml',
    );
    expect(prometheus.scrape_configs.find((job) => job.job_name === 'orders')?.dns_sd_configs).toEqual([
      { names: ['orders'], type: 'A', port: 8060, refresh_interval: '15s' },
    ]);
    expect(kustomization(tree, 'overlays/dev').images).toContainEqual({
      name: 'platform/orders',
      newTag: 'dev',
    });
    const production = kustomization(tree, 'overlays/production');
    expect(production.images).toContainEqual({
      name: 'platform/orders',
      newName: 'registry.example.com/platform/orders',
      newTag: '0.1.0',
    });
    const replicas = production.patches?.find((patch) => patch.target.kind === 'Deployment');
    expect(replicas?.target.name?.split('|')).toContain('orders');
  });

  it('takes the next block for the next service, and the port it is given when free', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'orders' });
    await generate(tree, { name: 'billing' });
    await generate(tree, { name: 'search', port: 8123 });
    expect(readJson(tree, 'apps/billing/package.json').platform).toEqual({ port: 8070 });
    expect(readJson(tree, 'apps/search/package.json').platform).toEqual({ port: 8123 });
  });

  it('returns the npm install that links the new package, unless skipped', async () => {
    expect(typeof (await serviceGenerator(createWorkspaceTree(), { name: 'orders' }))).toBe('function');
  });
});

describe('service generator, --kind=grpc', () => {
  it('adds a gRPC port from 50051 up to the launcher entry, the settings, compose and Kubernetes', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'ledger', kind: 'grpc' });
    expect(readJson(tree, 'apps/ledger/package.json')).toMatchObject({
      platform: { port: 8060, env: { GRPC_PORT: '50052' } },
      dependencies: { '@grpc/grpc-js': expect.any(String), 'grpc-health-check': expect.any(String) },
    });
    expect(tree.read('apps/ledger/src/settings.ts', 'utf-8')).toContain('.default(50052)');
    expect(tree.read('apps/ledger/src/main.ts', 'utf-8')).toContain('listeners: [grpc]');
    expect(tree.exists('apps/ledger/src/grpc-server.test.ts')).toBe(true);
    expect(tree.read('deploy/compose/env/ledger.env', 'utf-8')).toContain('GRPC_PORT=50052');
    const service = yamlOf<{ spec: { ports: { name: string; port: number }[] } }>(
      tree,
      'deploy/k8s/base/ledger/service.yaml',
    );
    expect(service.spec.ports).toEqual([
      expect.objectContaining({ name: 'grpc', port: 50052 }),
      expect.objectContaining({ name: 'http', port: 8060 }),
    ]);
  });
});

describe('service generator, --kind=job', () => {
  it('writes a job run once: launcher entry, compose service without nginx, a Kubernetes Job', async () => {
    const tree = createWorkspaceTree();
    await generate(tree, { name: 'nightly', kind: 'job' });
    expect(readJson(tree, 'apps/nightly/package.json').platform).toEqual({ run: 'once', args: ['World'] });
    expect(tree.read('apps/nightly/src/main.ts', 'utf-8')).toContain('runJob');
    expect(tree.exists('apps/nightly/src/job.test.ts')).toBe(true);
    const services = compose(tree);
    expect(services['nightly']).toMatchObject({ restart: 'no', command: ['dist/main.js', 'World'] });
    expect(services['nginx']?.depends_on?.['nightly']).toBeUndefined();
    expect(tree.exists('deploy/nginx/templates/nightly.conf.template')).toBe(false);
    expect(tree.read('deploy/k8s/base/nightly/job.yaml', 'utf-8')).toContain('kind: Job');
    expect(kustomization(tree, 'base').resources).toContain('nightly');
    const replicas = kustomization(tree, 'overlays/production').patches?.find(
      (patch) => patch.target.kind === 'Deployment',
    );
    expect(replicas?.target.name?.split('|')).not.toContain('nightly');
  });
});

describe('service generator refusals', () => {
  it.each<[string, ServiceGeneratorSchema, string, RegExp]>([
    ['an existing app', { name: 'counter' }, 'NAME_TAKEN', /apps\/counter already exists/],
    ['an existing lib', { name: 'http' }, 'NAME_TAKEN', /libs\/http already exists/],
    [
      'an existing package',
      { name: 'service-container-demo' },
      'NAME_TAKEN',
      /@platform\/service-container-demo/,
    ],
    ['an invalid name', { name: 'Orders_API' }, 'NAME_INVALID', /kebab-case/],
    ['an empty name', { name: '' }, 'NAME_INVALID', /kebab-case/],
    ['a taken port', { name: 'orders', port: 8030 }, 'PORT_TAKEN', /8030.*apps\/counter/],
    [
      'a taken gRPC port',
      { name: 'orders', kind: 'grpc', grpcPort: 50051 },
      'PORT_TAKEN',
      /50051.*apps\/grpc-/,
    ],
    ['a port out of range', { name: 'orders', port: 80 }, 'PORT_INVALID', /1024 to 65535/],
    [
      'a port for a job',
      { name: 'orders', kind: 'job', port: 8090 },
      'PORT_INVALID',
      /job listens on no port/,
    ],
    ['an unknown kind', { name: 'orders', kind: 'cron' as 'job' }, 'KIND_INVALID', /http, grpc, job/],
  ])('refuses %s with a clear message and writes nothing', async (_case, options, code, message) => {
    const tree = createWorkspaceTree();
    const before = snapshotOf(tree);
    await expect(generate(tree, options)).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(snapshotOf(tree)).toEqual(before);
  });
});
