import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './paths.js';

export interface WorkspaceApp {
  /** Folder name under apps/, also the image, compose service and Kubernetes name. */
  name: string;
  port: number | undefined;
  /** A job run once ("platform": {"run": "once"}) rather than a service. */
  job: boolean;
}

/** The apps of the workspace, from apps/<name>/package.json. */
export function workspaceApps(): WorkspaceApp[] {
  const appsDir = path.join(repoRoot, 'apps');
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      let manifest: { platform?: { port?: number; run?: string } };
      try {
        manifest = JSON.parse(readFileSync(path.join(appsDir, entry.name, 'package.json'), 'utf8'));
      } catch {
        return [];
      }
      return [{ name: entry.name, port: manifest.platform?.port, job: manifest.platform?.run === 'once' }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
