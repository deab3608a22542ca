import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dependentsOf } from '../src/dependents.js';
import { readWorkspacePackages } from '../src/workspace-packages.js';
import type { WorkspacePackage } from '../src/workspace-packages.js';
import { affectedProjects, projectGraph } from './support/nx.js';
import type { GraphProject } from './support/nx.js';
import { commitAppending } from './support/temporary-commit.js';
import { workspaceRoot } from './support/workspace-root.js';

// What the workspace declares (package.json dependencies and nx.implicitDependencies, followed
// transitively) against what Nx marks as affected. Compared by folder, so project names may change.

let scratch: string;
let graph: Record<string, GraphProject>;
let packages: WorkspacePackage[];

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'affected-'));
  graph = await projectGraph(scratch);
  packages = readWorkspacePackages(workspaceRoot);
}, 120_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function rootsTagged(tag: string): string[] {
  return Object.values(graph)
    .filter((project) => project.tags?.includes(tag))
    .map((project) => project.root)
    .sort();
}

function rootsOf(names: string[]): string[] {
  return names
    .map((name) => {
      const project = graph[name];
      if (!project) throw new Error(`nx named a project the graph does not have: ${name}`);
      return project.root;
    })
    .sort();
}

/** The folders of the package at `libRoot` and of every package depending on it, as package.json files say. */
function declaredDependents(libRoot: string): string[] {
  const lib = packages.find((pkg) => pkg.root === libRoot);
  if (!lib) throw new Error(`no workspace package at ${libRoot}`);
  return dependentsOf(packages, lib.name)
    .map((pkg) => pkg.root)
    .sort();
}

const within = (roots: string[], allowed: string[]) => roots.filter((root) => allowed.includes(root));

describe('nx affected on this workspace', () => {
  it('knows every app and lib as a workspace package', () => {
    const packageRoots = packages.map((pkg) => pkg.root);
    expect(rootsTagged('type:app').length).toBeGreaterThan(0);
    expect(rootsTagged('type:lib').length).toBeGreaterThan(0);
    expect(packageRoots).toEqual(
      expect.arrayContaining([...rootsTagged('type:app'), ...rootsTagged('type:lib')]),
    );
  });

  it('marks every app that depends on auth after a change to libs/auth, and no app that does not', async () => {
    const apps = rootsTagged('type:app');
    const expected = within(declaredDependents('libs/auth'), apps);
    const unrelated = apps.filter((root) => !expected.includes(root));
    // The check means something only if both kinds exist (db-api, totp, ... and the hello apps).
    expect(expected.length).toBeGreaterThan(0);
    expect(unrelated).toContain('apps/hello-http');

    const affected = rootsOf(await affectedProjects(['--files=libs/auth/src/index.ts']));
    expect(within(affected, apps)).toEqual(expected);
    for (const root of unrelated) expect(affected).not.toContain(root);
  }, 120_000);

  it.each(['libs/auth', 'libs/api-proto', 'libs/db'])(
    'marks exactly the apps and libs that depend on %s, directly or through other libs',
    async (libRoot) => {
      const appsAndLibs = [...rootsTagged('type:app'), ...rootsTagged('type:lib')];
      const affected = rootsOf(await affectedProjects([`--files=${libRoot}/src/index.ts`]));
      expect(within(affected, appsAndLibs)).toEqual(within(declaredDependents(libRoot), appsAndLibs));
    },
    120_000,
  );

  it('reads NX_BASE and NX_HEAD as CI sets them: a commit touching libs/auth marks the same projects', async () => {
    const commit = await commitAppending('libs/auth/src/index.ts', '// touched by the affected check');
    try {
      const fromCommits = await affectedProjects([], {
        NX_BASE: commit.base,
        NX_HEAD: commit.head,
        ...commit.gitEnv,
      });
      const fromFiles = await affectedProjects(['--files=libs/auth/src/index.ts']);
      expect(fromCommits.sort()).toEqual(fromFiles.sort());
      expect(rootsOf(fromCommits)).toContain('libs/auth');
    } finally {
      commit.remove();
    }
  }, 120_000);
});
