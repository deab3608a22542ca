import { WorkspaceCheckError } from './workspace-check-error.js';
import type { WorkspacePackage } from './workspace-packages.js';

/**
 * The package named `name` and every package that depends on it, directly or through
 * others: what a change to it can break.
 */
export function dependentsOf(packages: readonly WorkspacePackage[], name: string): WorkspacePackage[] {
  if (!packages.some((pkg) => pkg.name === name)) {
    throw new WorkspaceCheckError('UNKNOWN_PACKAGE', `No workspace package is named "${name}"`);
  }
  const reached = new Set([name]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const pkg of packages) {
      if (!reached.has(pkg.name) && pkg.dependsOn.some((dependency) => reached.has(dependency))) {
        reached.add(pkg.name);
        grew = true;
      }
    }
  }
  return packages.filter((pkg) => reached.has(pkg.name));
}
