import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { readFileSync } from 'node:fs';
import { clientAddressSeenByApp } from './support/client-address.js';
import { allowedPaths, pathsBeyondNamespace, type Pod } from './support/network-policy.js';
import { schemaErrors, unknownFieldErrors, type KubernetesObject } from './support/kubernetes-schema.js';
import { deployRoot } from './support/paths.js';
import { runCommand } from './support/run-command.js';
import { workspaceApps } from './support/workspace-apps.js';

interface Probe {
  httpGet?: { path: string; port: string | number };
  grpc?: { port: number };
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: {
      secretKeyRef?: { name: string; key: string };
      configMapKeyRef?: { name: string; key: string };
    };
  }[];
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface PodSpec {
  securityContext?: { runAsNonRoot?: boolean };
  containers: Container[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

const overlays = {
  dev: { namespace: 'platform-dev' },
  production: { namespace: 'platform' },
} as const;
type Overlay = keyof typeof overlays;

const built = new Map<Overlay, { objects: KubernetesObject[]; stderr: string }>();

async function kustomize(folder: string): Promise<{ objects: KubernetesObject[]; stderr: string }> {
  const result = await runCommand('kubectl', ['kustomize', folder], { timeoutMs: 60_000 });
  if (result.code !== 0) throw new Error(`kubectl kustomize ${folder} failed:\n${result.stderr}`);
  const objects = parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
  return { objects, stderr: result.stderr };
}

function objectsOf(overlay: Overlay): KubernetesObject[] {
  const entry = built.get(overlay);
  if (!entry) throw new Error(`${overlay} was not built`);
  return entry.objects;
}

function find<T>(objects: KubernetesObject[], kind: string, name: string): T | undefined {
  return objects.find((object) => object.kind === kind && object.metadata.name === name) as T | undefined;
}

function kinds(objects: KubernetesObject[], kind: string): KubernetesObject[] {
  return objects.filter((object) => object.kind === kind);
}

function podTemplate(object: KubernetesObject): PodTemplate {
  const spec = object['spec'] as {
    template?: PodTemplate;
    jobTemplate?: { spec: { template: PodTemplate } };
  };
  const template = spec.template ?? spec.jobTemplate?.spec.template;
  if (!template) throw new Error(`${object.kind}/${object.metadata.name} has no pod template`);
  return template;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

function workloads(objects: KubernetesObject[]): KubernetesObject[] {
  return objects.filter((object) => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(object.kind));
}

/** Every workload's environment variables, by workload name. */
function envOf(objects: KubernetesObject[], name: string): NonNullable<Container['env']> {
  const workload = workloads(objects).find((object) => object.metadata.name === name);
  if (!workload) throw new Error(`no workload ${name}`);
  return podTemplate(workload).spec.containers.flatMap((container) => container.env ?? []);
}

function podsOf(objects: KubernetesObject[]): Pod[] {
  return workloads(objects).map((workload) => {
    const template = podTemplate(workload);
    return {
      name: workload.metadata.name,
      labels: template.metadata.labels,
      ports: template.spec.containers.flatMap((container) =>
        (container.ports ?? []).map((port) => port.containerPort),
      ),
    };
  });
}

/** The paths every overlay allows between the platform's own pods. */
const platformPaths = [
  'grpc-frontend → grpc-backend:50051',
  'service-container → counter:8030',
  'service-container → db-api:8010',
  'service-container → hello-express:8051',
  'service-container → hello-http:8052',
  'service-container → hello-koa:8053',
  'service-container → totp:8040',
];
const ingressController =
  'namespace kubernetes.io/metadata.name=ingress-nginx pods app.kubernetes.io/name=ingress-nginx';
const clusterDns = 'namespace kubernetes.io/metadata.name=kube-system pods k8s-app=kube-dns';
const prometheus = 'namespace kubernetes.io/metadata.name=monitoring pods app.kubernetes.io/name=prometheus';
/** Prometheus scrapes GET /metrics on each app's port named `http`, and no other port. */
const scrapes = [`metrics-scrape Ingress ${prometheus} TCP/http`];
const expectedPaths: Record<Overlay, { inside: string[]; beyond: string[] }> = {
  dev: {
    inside: [...platformPaths, 'counter → redis:6379', 'db-api → postgres:5432', 'totp → redis:6379'].sort(),
    beyond: [
      'counter-node-port Ingress anywhere TCP/8030',
      `dns Egress ${clusterDns} TCP/53`,
      `dns Egress ${clusterDns} UDP/53`,
      `grpc-frontend Ingress ${ingressController} TCP/8020`,
      ...scrapes,
    ].sort(),
  },
  production: {
    inside: platformPaths,
    beyond: [
      'counter Egress namespace kubernetes.io/metadata.name=data TCP/6379',
      'db-api Egress namespace kubernetes.io/metadata.name=data TCP/5432',
      `dns Egress ${clusterDns} TCP/53`,
      `dns Egress ${clusterDns} UDP/53`,
      `grpc-frontend Ingress ${ingressController} TCP/8020`,
      'totp Egress namespace kubernetes.io/metadata.name=data TCP/6379',
      ...scrapes,
    ].sort(),
  },
};

/** An IPv4 or IPv6 address or CIDR (express' trust proxy reads those, and names such as uniquelocal). */
const addressOrCidr = /^(\d{1,3}(\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]*)(\/\d{1,3})?$/i;

beforeAll(async () => {
  for (const overlay of Object.keys(overlays) as Overlay[]) {
    built.set(overlay, await kustomize(path.join(deployRoot, 'k8s', 'overlays', overlay)));
  }
});

describe.each(Object.keys(overlays) as Overlay[])('the %s overlay', (overlay) => {
  const { namespace } = overlays[overlay];

  it('builds with kubectl kustomize without warnings', () => {
    expect(objectsOf(overlay).length).toBeGreaterThan(20);
    expect(built.get(overlay)?.stderr.trim()).toBe('');
  });

  it('validates against the Kubernetes schemas, with no field the API does not know', async () => {
    const objects = objectsOf(overlay);
    const errors = (await Promise.all(objects.map((object) => schemaErrors(object)))).flat();
    expect(errors).toEqual([]);
    expect(unknownFieldErrors(objects)).toEqual([]);
  });

  it('puts everything in its namespace and commits no Secret', () => {
    const objects = objectsOf(overlay);
    expect(find(objects, 'Namespace', namespace)).toBeDefined();
    for (const object of objects.filter((candidate) => candidate.kind !== 'Namespace')) {
      expect(object.metadata.namespace, `${object.kind}/${object.metadata.name}`).toBe(namespace);
    }
    expect(kinds(objects, 'Secret')).toEqual([]);
    const secretRefs = workloads(objects).flatMap((workload) =>
      podTemplate(workload).spec.containers.flatMap((container) =>
        (container.env ?? []).flatMap((variable) => variable.valueFrom?.secretKeyRef ?? []),
      ),
    );
    expect(secretRefs.length).toBeGreaterThan(0);
    expect(new Set(secretRefs.map((reference) => reference.name))).toEqual(new Set(['platform-secrets']));
  });

  it('deploys every app of the workspace: a Deployment, Service and PodDisruptionBudget, or a Job', () => {
    const objects = objectsOf(overlay);
    const apps = workspaceApps();
    expect(apps.length).toBeGreaterThan(0);
    for (const app of apps) {
      if (app.job) {
        expect(find(objects, 'Job', app.name), `Job ${app.name}`).toBeDefined();
        continue;
      }
      expect(find(objects, 'Deployment', app.name), `Deployment ${app.name}`).toBeDefined();
      expect(find(objects, 'Service', app.name), `Service ${app.name}`).toBeDefined();
      expect(find(objects, 'PodDisruptionBudget', app.name), `PodDisruptionBudget ${app.name}`).toBeDefined();
      if (app.port !== undefined) {
        const container = podTemplate(find(objects, 'Deployment', app.name) as KubernetesObject).spec
          .containers[0];
        const port = container?.ports?.find((candidate) => candidate.name === 'http')?.containerPort;
        expect(port, `${app.name}'s http port`).toBe(app.port);
      }
    }
  });

  it('has Prometheus scrape every app Deployment on its http port, at /metrics', () => {
    const objects = objectsOf(overlay);
    for (const app of workspaceApps().filter((candidate) => !candidate.job)) {
      const template = podTemplate(find(objects, 'Deployment', app.name) as KubernetesObject);
      const port = template.spec.containers[0]?.ports?.find((candidate) => candidate.name === 'http');
      expect(template.metadata.annotations, app.name).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': String(port?.containerPort),
        'prometheus.io/path': '/metrics',
      });
    }
  });

  it('runs every app container non-root, read-only, bounded, probed and rolled without downtime', () => {
    for (const deployment of kinds(objectsOf(overlay), 'Deployment')) {
      const name = deployment.metadata.name;
      const spec = deployment['spec'] as {
        selector: { matchLabels: Record<string, string> };
        strategy: { type: string; rollingUpdate: { maxUnavailable: number | string } };
      };
      const template = podTemplate(deployment);
      expect(selects(spec.selector.matchLabels, template.metadata.labels), name).toBe(true);
      expect(spec.strategy.type, name).toBe('RollingUpdate');
      expect(spec.strategy.rollingUpdate.maxUnavailable, name).toBe(0);
      expect(template.spec.securityContext?.runAsNonRoot, name).toBe(true);
      for (const container of template.spec.containers) {
        expect(container.securityContext, name).toMatchObject({
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(Object.keys(container.resources?.requests ?? {}).sort(), name).toEqual(['cpu', 'memory']);
        expect(Object.keys(container.resources?.limits ?? {}).sort(), name).toEqual(['cpu', 'memory']);
        const portNames = new Set((container.ports ?? []).map((port) => port.name));
        expect(container.livenessProbe?.httpGet?.path, name).toBe('/healthz');
        expect(portNames.has(String(container.livenessProbe?.httpGet?.port)), name).toBe(true);
        if (name === 'grpc-backend') {
          expect(container.readinessProbe?.grpc?.port, name).toBe(
            container.ports?.find((port) => port.name === 'grpc')?.containerPort,
          );
        } else {
          expect(container.readinessProbe?.httpGet?.path, name).toBe('/readyz');
          expect(portNames.has(String(container.readinessProbe?.httpGet?.port)), name).toBe(true);
        }
      }
    }
  });

  it('routes every Service and budget to pods, and names ports the pods have', () => {
    const objects = objectsOf(overlay);
    const templates = workloads(objects).map(podTemplate);
    for (const service of kinds(objects, 'Service')) {
      const spec = service['spec'] as {
        selector: Record<string, string>;
        ports: { targetPort: string | number }[];
      };
      const pods = templates.filter((template) => selects(spec.selector, template.metadata.labels));
      expect(pods.length, `Service/${service.metadata.name}`).toBe(1);
      const portNames = new Set(
        pods.flatMap((pod) => pod.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.name))),
      );
      for (const port of spec.ports) expect(portNames.has(String(port.targetPort))).toBe(true);
    }
    for (const budget of kinds(objects, 'PodDisruptionBudget')) {
      const selector = (budget['spec'] as { selector: { matchLabels: Record<string, string> } }).selector;
      expect(
        templates.filter((template) => selects(selector.matchLabels, template.metadata.labels)).length,
      ).toBe(1);
    }
  });

  it('autoscales db-api and counter, whose Deployments leave the replica count to the autoscaler', () => {
    const objects = objectsOf(overlay);
    for (const name of ['db-api', 'counter']) {
      const autoscaler = find<{
        spec: { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
      }>(objects, 'HorizontalPodAutoscaler', name);
      expect(autoscaler?.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
      expect(autoscaler?.spec.maxReplicas).toBeGreaterThan(autoscaler?.spec.minReplicas ?? Infinity);
      const deployment = find<{ spec: Record<string, unknown> }>(objects, 'Deployment', name);
      expect(deployment?.spec['replicas']).toBeUndefined();
    }
  });

  it('reads shared settings from api-config, with the Redis host, and only keys it has', () => {
    const objects = objectsOf(overlay);
    const config = find<{ data: Record<string, string> }>(objects, 'ConfigMap', 'api-config');
    expect(config?.data['redis.host']).toMatch(/\S/);
    for (const workload of workloads(objects)) {
      for (const container of podTemplate(workload).spec.containers) {
        for (const variable of container.env ?? []) {
          const reference = variable.valueFrom?.configMapKeyRef;
          if (!reference) continue;
          expect(reference.name).toBe('api-config');
          expect(Object.keys(config?.data ?? {}), `${workload.metadata.name} ${variable.name}`).toContain(
            reference.key,
          );
        }
      }
    }
  });

  it('exposes the frontend through an Ingress to a port its Service has', () => {
    const objects = objectsOf(overlay);
    const ingress = find<{
      spec: {
        rules: {
          host: string;
          http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] };
        }[];
      };
    }>(objects, 'Ingress', 'frontend');
    const backend = ingress?.spec.rules[0]?.http.paths[0]?.backend.service;
    expect(backend?.name).toBe('grpc-frontend');
    const service = find<{ spec: { ports: { name: string }[] } }>(objects, 'Service', 'grpc-frontend');
    expect(service?.spec.ports.map((port) => port.name)).toContain(backend?.port.name);
  });
});

describe.each(Object.keys(overlays) as Overlay[])('the %s overlay, against the attacks', (overlay) => {
  it("gives every service its own tokens: no secret key accepted by two, the frontend's by grpc-backend alone", () => {
    const objects = objectsOf(overlay);
    const keyOf = (name: string, variable: string) =>
      envOf(objects, name).find((entry) => entry.name === variable)?.valueFrom?.secretKeyRef?.key;
    const accepting = workloads(objects)
      .map((workload) => ({ name: workload.metadata.name, key: keyOf(workload.metadata.name, 'BEARER') }))
      .filter((entry) => entry.key !== undefined);
    expect(accepting).toEqual(
      expect.arrayContaining([
        { name: 'db-api', key: 'DB_API_BEARER' },
        { name: 'grpc-backend', key: 'GRPC_BACKEND_BEARER' },
        { name: 'totp', key: 'TOTP_BEARER' },
      ]),
    );
    // Any other service (a generated one) reads a key named after itself.
    for (const { name, key } of accepting)
      expect(key).toBe(`${name.toUpperCase().replaceAll('-', '_')}_BEARER`);
    // Each accepted list is read by its service only, under no other name.
    for (const { name, key } of accepting) {
      const readers = workloads(objects).flatMap((workload) =>
        envOf(objects, workload.metadata.name)
          .filter((entry) => entry.valueFrom?.secretKeyRef?.key === key)
          .map((entry) => `${workload.metadata.name} ${entry.name}`),
      );
      expect(readers, key).toEqual([`${name} BEARER`]);
    }
    expect(keyOf('grpc-frontend', 'BEARER')).toBeUndefined();
    expect(keyOf('grpc-frontend', 'BACKEND_TOKEN')).toBe('GRPC_FRONTEND_BACKEND_TOKEN');
    expect(accepting.map((entry) => entry.key)).not.toContain('GRPC_FRONTEND_BACKEND_TOKEN');
  });

  it("believes X-Forwarded-For in grpc-frontend from the ingress controller's pod CIDR alone", () => {
    const objects = objectsOf(overlay);
    const readers = workloads(objects)
      .filter((workload) =>
        envOf(objects, workload.metadata.name).some(
          (entry) => entry.valueFrom?.configMapKeyRef?.key === 'trust.proxy',
        ),
      )
      .map((workload) => workload.metadata.name);
    expect(readers).toEqual(['grpc-frontend']);
    for (const workload of workloads(objects)) {
      const trustProxy = envOf(objects, workload.metadata.name).find((entry) => entry.name === 'TRUST_PROXY');
      if (workload.metadata.name !== 'grpc-frontend')
        expect(trustProxy, workload.metadata.name).toBeUndefined();
    }
    const config = find<{ data: Record<string, string> }>(objects, 'ConfigMap', 'api-config');
    const trusted = (config?.data['trust.proxy'] ?? '').split(',').map((entry) => entry.trim());
    expect(trusted.length).toBeGreaterThan(0);
    for (const entry of trusted)
      expect(entry, 'an address or CIDR, not a named range').toMatch(addressOrCidr);
    // The ingress controller's pod at the first address of the CIDR forwards a client's request.
    const [base = ''] = (trusted[0] ?? '').split('/');
    const ingressPod = base.replace(/\.0$/, '.7');
    const spoofed = '203.0.113.7, 198.51.100.20';
    expect(clientAddressSeenByApp(trusted.join(', '), ingressPod, spoofed)).toBe('198.51.100.20');
    // A client on another private network (a VPN, another cluster) cannot choose its address.
    expect(clientAddressSeenByApp(trusted.join(', '), ingressPod, '203.0.113.7, 192.168.1.50')).toBe(
      '192.168.1.50',
    );
    expect(clientAddressSeenByApp(trusted.join(', '), '192.168.1.50', '203.0.113.7')).toBe('192.168.1.50');
  });

  it("gives Redis's password to every app that uses Redis, and builds no password-less Redis URL", () => {
    const objects = objectsOf(overlay);
    const users = workloads(objects)
      .map((workload) => workload.metadata.name)
      .filter((name) => envOf(objects, name).some((entry) => entry.name === 'REDIS_HOST'));
    expect(users.sort()).toEqual(['counter', 'totp']);
    for (const name of users) {
      const env = envOf(objects, name);
      expect(env.find((entry) => entry.name === 'REDIS_PASSWORD')?.valueFrom?.secretKeyRef, name).toEqual({
        name: 'platform-secrets',
        key: 'REDIS_PASSWORD',
      });
      expect(
        env.find((entry) => entry.name === 'REDIS_URL'),
        name,
      ).toBeUndefined();
    }
  });

  it('denies by default, and lets every pod ask the cluster DNS', () => {
    const policies = kinds(objectsOf(overlay), 'NetworkPolicy');
    const deny = find<{ spec: Record<string, unknown> }>(policies, 'NetworkPolicy', 'default-deny');
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    const dns = find<{ spec: { podSelector: unknown } }>(policies, 'NetworkPolicy', 'dns');
    expect(dns?.spec.podSelector).toEqual({});
  });

  it('allows only the paths the platform uses between its pods', () => {
    const objects = objectsOf(overlay);
    const paths = allowedPaths(kinds(objects, 'NetworkPolicy'), podsOf(objects));
    expect(paths).toEqual(expectedPaths[overlay].inside);
    // The internet-facing frontend reaches the gRPC backend and nothing else.
    expect(paths.filter((path) => path.startsWith('grpc-frontend '))).toEqual([
      'grpc-frontend → grpc-backend:50051',
    ]);
  });

  it('opens nothing beyond the namespace but the ingress controller, DNS, the data stores and the scraper', () => {
    expect(pathsBeyondNamespace(kinds(objectsOf(overlay), 'NetworkPolicy'))).toEqual(
      expectedPaths[overlay].beyond,
    );
  });
});

describe('the dev overlay', () => {
  it('runs Redis with the password from the Secret, and its probe authenticates', () => {
    const objects = objectsOf('dev');
    const redis = podTemplate(find(objects, 'StatefulSet', 'redis') as KubernetesObject).spec.containers[0];
    const args = redis?.args ?? [];
    expect(args[args.indexOf('--requirepass') + 1]).toBe('$(REDIS_PASSWORD)');
    for (const name of ['REDIS_PASSWORD', 'REDISCLI_AUTH']) {
      expect(redis?.env?.find((entry) => entry.name === name)?.valueFrom?.secretKeyRef).toEqual({
        name: 'platform-secrets',
        key: 'REDIS_PASSWORD',
      });
    }
  });

  it("creates db-api's own role and database in PostgreSQL with compose's init script", () => {
    const objects = objectsOf('dev');
    const initdb = objects.find(
      (object) => object.kind === 'ConfigMap' && object.metadata.name.startsWith('postgres-initdb'),
    ) as { data: Record<string, string>; metadata: { name: string } } | undefined;
    const script = readFileSync(
      path.join(deployRoot, 'compose', 'postgres', 'initdb', '10-db-api.sh'),
      'utf8',
    );
    expect(initdb?.data['10-db-api.sh']).toBe(script);
    const template = podTemplate(
      find(objects, 'StatefulSet', 'postgres') as KubernetesObject,
    ) as PodTemplate & {
      spec: {
        volumes: { name: string; configMap?: { name: string } }[];
        containers: (Container & { volumeMounts: { name: string; mountPath: string }[] })[];
      };
    };
    const volume = template.spec.volumes.find(
      (candidate) => candidate.configMap?.name === initdb?.metadata.name,
    );
    expect(
      template.spec.containers[0]?.volumeMounts.find((mount) => mount.name === volume?.name)?.mountPath,
    ).toBe('/docker-entrypoint-initdb.d');
    expect(
      envOf(objects, 'postgres').find((entry) => entry.name === 'DB_API_DATABASE_PASSWORD')?.valueFrom
        ?.secretKeyRef?.key,
    ).toBe('DB_API_DATABASE_PASSWORD');
  });

  it('runs Redis and PostgreSQL as StatefulSets with volumes, where api-config points', () => {
    const objects = objectsOf('dev');
    for (const name of ['redis', 'postgres']) {
      const set = find<{ spec: { volumeClaimTemplates?: unknown[] } }>(objects, 'StatefulSet', name);
      expect(set?.spec.volumeClaimTemplates?.length, name).toBe(1);
      expect(find(objects, 'Service', name), name).toBeDefined();
    }
    const config = find<{ data: Record<string, string> }>(objects, 'ConfigMap', 'api-config');
    expect(find(objects, 'Service', config?.data['redis.host'] ?? '')).toBeDefined();
    expect(config?.data['environment']).toBe('dev');
  });

  it('uses the images built into minikube as platform/<app>:dev', () => {
    for (const workload of workloads(objectsOf('dev'))) {
      for (const container of podTemplate(workload).spec.containers) {
        if (container.image.startsWith('platform/'))
          expect(container.image).toMatch(/^platform\/[a-z0-9-]+:dev$/);
      }
    }
  });
});

describe('the production overlay', () => {
  it('pins every platform image to a registry and a release tag', () => {
    const images = workloads(objectsOf('production')).flatMap((workload) =>
      podTemplate(workload).spec.containers.map((container) => container.image),
    );
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(/^[a-z0-9.-]+\/platform\/[a-z0-9-]+:\d+\.\d+\.\d+$/);
  });

  it('runs at least two replicas of every service and up to the seed ten of db-api', () => {
    const objects = objectsOf('production');
    for (const deployment of kinds(objects, 'Deployment')) {
      const replicas = (deployment['spec'] as { replicas?: number }).replicas;
      const autoscaler = find<{ spec: { minReplicas: number } }>(
        objects,
        'HorizontalPodAutoscaler',
        deployment.metadata.name,
      );
      expect(replicas ?? autoscaler?.spec.minReplicas, deployment.metadata.name).toBeGreaterThanOrEqual(2);
    }
    const dbApi = find<{ spec: { maxReplicas: number } }>(objects, 'HorizontalPodAutoscaler', 'db-api');
    expect(dbApi?.spec.maxReplicas).toBe(10);
  });
});
