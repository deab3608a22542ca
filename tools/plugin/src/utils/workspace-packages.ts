import type { Tree } from '@nx/devkit';
import { readJson } from '@nx/devkit';

/** The workspace folders whose children are packages. */
export const PACKAGE_FOLDERS = ['apps', 'libs', 'tools'] as const;

export interface PlatformField {
  port?: number;
  env?: Record<string, string>;
  run?: string;
}

export interface WorkspacePackage {
  /** apps/counter */
  root: string;
  /** @platform/counter */
  packageName: string | undefined;
  /** The Nx project name, when package.json sets one. */
  projectName: string | undefined;
  platform: PlatformField | undefined;
}

interface Manifest {
  name?: string;
  nx?: { name?: string };
  platform?: PlatformField;
}

/** Every package under apps/, libs/ and tools/, read through the tree. */
export function workspacePackages(tree: Tree): WorkspacePackage[] {
  return PACKAGE_FOLDERS.flatMap((folder) =>
    tree
      .children(folder)
      .filter((child) => tree.exists(`${folder}/${child}/package.json`))
      .map((child) => {
        const root = `${folder}/${child}`;
        const manifest = readJson<Manifest>(tree, `${root}/package.json`);
        return {
          root,
          packageName: manifest.name,
          projectName: manifest.nx?.name,
          platform: manifest.platform,
        };
      }),
  );
}
