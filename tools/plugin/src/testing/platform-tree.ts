import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Tree } from '@nx/devkit';
import { writeJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

export interface FixtureApp {
  name: string;
  packageName?: string;
  platform?: Record<string, unknown>;
}

/** An in-memory workspace with the platform's shape: a few apps with ports, and libs. */
export function createPlatformTree(apps: readonly FixtureApp[] = defaultApps): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // The workspace formats with prettier (the empty workspace would pick oxfmt).
  tree.delete('.oxfmtrc.json');
  tree.write(
    '.prettierrc.json',
    JSON.stringify({ singleQuote: true, printWidth: 110, trailingComma: 'all' }),
  );
  for (const app of apps) {
    writeJson(tree, `apps/${app.name}/package.json`, {
      name: app.packageName ?? `@platform/${app.name}`,
      ...(app.platform ? { platform: app.platform } : {}),
    });
  }
  for (const lib of ['errors', 'http', 'service-container']) {
    writeJson(tree, `libs/${lib}/package.json`, { name: `@platform/${lib}` });
  }
  return tree;
}

export const defaultApps: readonly FixtureApp[] = [
  { name: 'db-api', platform: { port: 8010 } },
  { name: 'grpc-backend', platform: { port: 8021, env: { BACKEND_PORT: '50051' } } },
  { name: 'grpc-frontend', platform: { port: 8020, env: { BACKEND_PORT: '50051' } } },
  { name: 'counter', platform: { port: 8030 } },
  { name: 'totp', platform: { port: 8040 } },
  { name: 'hello-express', platform: { port: 8051 } },
  { name: 'service-container', packageName: '@platform/service-container-demo', platform: { run: 'once' } },
];

const workspaceRoot = path.resolve(import.meta.dirname, '../../../..');

/** Files of this workspace that the generators edit, copied into the tree as they are. */
export const WORKSPACE_FILES = [
  'deploy/compose/docker-compose.yml',
  'deploy/k8s/base/kustomization.yaml',
  'deploy/k8s/overlays/dev/kustomization.yaml',
  'deploy/k8s/overlays/production/kustomization.yaml',
  'deploy/monitoring/prometheus/prometheus.yml',
  'apps/db-api/src/modules/index.ts',
  'apps/db-api/src/modules/example/index.ts',
  ...readdirSync(path.join(workspaceRoot, 'apps/db-api/migrations/default')).map(
    (file) => `apps/db-api/migrations/default/${file}`,
  ),
] as const;

/** The platform tree with the workspace's real deploy files and db-api modules. */
export function createWorkspaceTree(): Tree {
  const tree = createPlatformTree();
  for (const file of WORKSPACE_FILES) tree.write(file, readFileSync(path.join(workspaceRoot, file), 'utf8'));
  return tree;
}

/** Every file of the tree with its content, to show that a refusal wrote nothing. */
export function snapshotOf(tree: Tree): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const child of tree.children(dir)) {
      const entry = dir ? `${dir}/${child}` : child;
      if (tree.isFile(entry)) files.set(entry, tree.read(entry, 'utf-8') ?? '');
      else visit(entry);
    }
  };
  visit('');
  return files;
}
