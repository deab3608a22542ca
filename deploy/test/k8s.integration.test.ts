import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
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
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
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
  metadata: { labels: Record<string, string> };
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

describe('the dev overlay', () => {
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
