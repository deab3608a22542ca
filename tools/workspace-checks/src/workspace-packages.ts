import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WorkspaceCheckError } from './workspace-check-error.js';

/** One npm workspace package, with the workspace packages it declares it needs. */
export interface WorkspacePackage {
  /** Folder relative to the workspace root, with forward slashes (`libs/auth`). */
  root: string;
  /** The package name (`@platform/auth`). */
  name: string;
  /** Its Nx project name: `nx.name` when set, else the package name. */
  projectName: string;
  /** Package names of the workspace packages it depends on, from every dependency field and `nx.implicitDependencies`. */
  dependsOn: string[];
}

interface PackageJson {
  name?: string;
  workspaces?: string[];
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  nx?: { name?: string; implicitDependencies?: string[] };
}

const dependencyFields = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

function readPackageJson(file: string): PackageJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
}

/** The folders an npm `workspaces` entry names: `dir` or `dir/*`, as this workspace uses. */
function expandPattern(workspaceRoot: string, pattern: string): string[] {
  const dir = pattern.endsWith('/*') ? pattern.slice(0, -2) : pattern;
  if (dir.includes('*') || dir.startsWith('!')) {
    throw new WorkspaceCheckError(
      'UNSUPPORTED_WORKSPACE_PATTERN',
      `Workspace pattern "${pattern}" is not supported: use "dir" or "dir/*"`,
    );
  }
  if (!pattern.endsWith('/*')) return [dir];
  const absolute = path.join(workspaceRoot, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${dir}/${entry.name}`);
}

/** Every package of the npm workspace at `workspaceRoot`, read from the package.json files themselves. */
export function readWorkspacePackages(workspaceRoot: string): WorkspacePackage[] {
  const patterns = readPackageJson(path.join(workspaceRoot, 'package.json')).workspaces ?? [];
  const manifests = patterns
    .flatMap((pattern) => expandPattern(workspaceRoot, pattern))
    .filter((root) => existsSync(path.join(workspaceRoot, root, 'package.json')))
    .map((root) => ({ root, manifest: readPackageJson(path.join(workspaceRoot, root, 'package.json')) }));

  const byProjectName = new Map<string, string>();
  for (const { manifest } of manifests) {
    if (manifest.name) byProjectName.set(manifest.nx?.name ?? manifest.name, manifest.name);
  }
  const names = new Set(byProjectName.values());

  return manifests.flatMap(({ root, manifest }) => {
    if (!manifest.name) return [];
    const declared = dependencyFields.flatMap((field) => Object.keys(manifest[field] ?? {}));
    const implicit = manifest.nx?.implicitDependencies ?? [];
    // Implicit dependencies name projects; `!project` takes away one Nx would otherwise infer.
    const packageOf = (project: string): string | undefined => byProjectName.get(project);
    const removed = new Set(
      implicit.filter((entry) => entry.startsWith('!')).map((entry) => packageOf(entry.slice(1))),
    );
    const added = implicit.filter((entry) => !entry.startsWith('!')).map(packageOf);
    const dependsOn = [...declared.filter((name) => names.has(name)), ...added].filter(
      (name): name is string => name !== undefined && !removed.has(name),
    );
    return [
      {
        root,
        name: manifest.name,
        projectName: manifest.nx?.name ?? manifest.name,
        dependsOn: [...new Set(dependsOn)].sort(),
      },
    ];
  });
}
