import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';
import { workspacePackages } from './workspace-packages.js';

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/**
 * The version range the workspace already uses for each package (so a generated app adds no
 * second version to the lockfile); `fallback` for one no package uses yet.
 */
export function versionsFor(tree: Tree, wanted: Record<string, string>): Record<string, string> {
  const known = new Map<string, string>();
  for (const manifestPath of [
    'package.json',
    ...workspacePackages(tree).map(({ root }) => `${root}/package.json`),
  ]) {
    if (!tree.exists(manifestPath)) continue;
    const manifest = readJson<Manifest>(tree, manifestPath);
    for (const [name, range] of Object.entries({ ...manifest.devDependencies, ...manifest.dependencies })) {
      if (!known.has(name)) known.set(name, range);
    }
  }
  return Object.fromEntries(
    Object.entries(wanted)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, fallback]) => [name, known.get(name) ?? fallback]),
  );
}
