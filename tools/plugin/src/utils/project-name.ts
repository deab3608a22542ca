import type { Tree } from '@nx/devkit';
import { GeneratorInputError } from './generator-input-error.js';
import { PACKAGE_FOLDERS, workspacePackages } from './workspace-packages.js';

/**
 * Refuses a name that a folder, a package or an Nx project of the workspace already has
 * (apps/<name>, libs/<name>, @platform/<name>, or a project called <name>).
 */
export function assertProjectNameFree(tree: Tree, name: string): void {
  const packageName = `@platform/${name}`;
  for (const folder of PACKAGE_FOLDERS) {
    if (tree.exists(`${folder}/${name}`)) {
      throw new GeneratorInputError('NAME_TAKEN', `"${name}" is taken: ${folder}/${name} already exists.`);
    }
  }
  for (const found of workspacePackages(tree)) {
    if (found.packageName === packageName || found.projectName === name) {
      throw new GeneratorInputError(
        'NAME_TAKEN',
        `"${name}" is taken: ${found.root} is already ${found.projectName === name ? `the project "${name}"` : `the package ${packageName}`}.`,
      );
    }
  }
}
