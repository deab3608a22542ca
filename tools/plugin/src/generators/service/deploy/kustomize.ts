import type { Tree } from '@nx/devkit';
import { insertAfterLast, unexpected } from './text-edits.js';

export const BASE = 'deploy/k8s/base/kustomization.yaml';
export const DEV = 'deploy/k8s/overlays/dev/kustomization.yaml';
export const PRODUCTION = 'deploy/k8s/overlays/production/kustomization.yaml';

function read(tree: Tree, file: string): string {
  const text = tree.read(file, 'utf-8');
  if (text === null) throw unexpected(file, 'the file is missing');
  return text;
}

/** A list block (`key:` then indented lines) as a range, up to the next top-level key. */
function block(text: string, file: string, key: string): { begin: number; end: number } {
  const start = new RegExp(`^${key}:\\n`, 'm').exec(text);
  if (!start) throw unexpected(file, `no ${key}: list`);
  const begin = start.index;
  const next = /^[a-z]/m.exec(text.slice(begin + start[0].length));
  return { begin, end: next ? begin + start[0].length + next.index : text.length };
}

export function addToBase(text: string, name: string): string {
  return insertAfterLast(text, BASE, block(text, BASE, 'resources'), /^ {2}- \S+$/, `  - ${name}\n`);
}

export function addToDev(text: string, name: string): string {
  return insertAfterLast(
    text,
    DEV,
    block(text, DEV, 'images'),
    /^ {4}newTag: \S+$/,
    `  - name: platform/${name}\n    newTag: dev\n`,
  );
}

/** The production image, and for a Deployment a place in the two-replicas patch. */
export function addToProduction(text: string, name: string, deployment: boolean): string {
  const images = block(text, PRODUCTION, 'images');
  const tag = /^ {4}newTag: (\S+)$/m.exec(text.slice(images.begin, images.end))?.[1] ?? '0.1.0';
  const result = insertAfterLast(
    text,
    PRODUCTION,
    images,
    /^ {4}newTag: \S+$/,
    `  - name: platform/${name}\n    newName: registry.example.com/platform/${name}\n    newTag: ${tag}\n`,
  );
  if (!deployment) return result;
  const replicas =
    /( {6}kind: Deployment\n {6}name: )(\S+)(\n {4}patch: \|-\n {6}- op: replace\n {8}path: \/spec\/replicas\n)/.exec(
      result,
    );
  if (!replicas) throw unexpected(PRODUCTION, 'no replicas patch for Deployments');
  const at = replicas.index + replicas[1]!.length + replicas[2]!.length;
  return `${result.slice(0, at)}|${name}${result.slice(at)}`;
}

export function updateKustomizations(tree: Tree, name: string, deployment: boolean): void {
  tree.write(BASE, addToBase(read(tree, BASE), name));
  tree.write(DEV, addToDev(read(tree, DEV), name));
  tree.write(PRODUCTION, addToProduction(read(tree, PRODUCTION), name, deployment));
}
