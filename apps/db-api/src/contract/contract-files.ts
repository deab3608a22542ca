import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModuleDefinition } from '../actions/define-module.js';
import { openApiDocument } from '../openapi/openapi-document.js';

/** apps/db-api, from src/contract or dist/contract. */
export const appRoot = path.resolve(import.meta.dirname, '../..');
export const workspaceRoot = path.resolve(appRoot, '../..');
/** The committed contract: the OpenAPI document as the registry generated it last. */
export const snapshotPath = path.join(appRoot, 'openapi.snapshot.json');
/** Intended breaking changes, each named by its id in backticks. */
export const breaksPath = path.join(appRoot, 'contract-breaks.md');
/** The typed client's generated types. */
export const generatedClientPath = path.join(
  workspaceRoot,
  'libs/db-api-client/src/generated/db-api-actions.ts',
);
const snapshotInRepository = 'apps/db-api/openapi.snapshot.json';

/** The document the registry describes, as a server with the default settings serves it. */
export function currentDocument(modules: readonly ModuleDefinition[]): Record<string, unknown> {
  return openApiDocument(modules);
}

/** The snapshot file's text for a document: stable, two-space JSON, one trailing newline. */
export function snapshotText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function git(args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd: workspaceRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

export interface BaseSnapshot {
  /** The commit the snapshot was read at: the merge-base of HEAD with main. */
  commit: string;
  /** The document there, or undefined when main had no snapshot yet. */
  document: Record<string, unknown> | undefined;
}

/**
 * The snapshot as main has it, at the merge-base of HEAD with `main` (or `origin/main`);
 * undefined when neither ref is known (a shallow clone without main).
 */
export function baseSnapshot(): BaseSnapshot | undefined {
  for (const ref of ['origin/main', 'main']) {
    const commit = git(['merge-base', 'HEAD', ref])?.trim();
    if (!commit) continue;
    const text = git(['show', `${commit}:${snapshotInRepository}`]);
    return {
      commit,
      document: text === undefined ? undefined : (JSON.parse(text) as Record<string, unknown>),
    };
  }
  return undefined;
}
