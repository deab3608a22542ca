#!/usr/bin/env node
// Lays out the runtime tree of one app after its build: the root manifests and
// lockfile (for `npm ci --omit=dev -w apps/<app>`), and for the app and every
// workspace lib it depends on, package.json plus what it ships (its "files",
// else everything but sources, tests and tooling). Run by deploy/Dockerfile, from the
// repository root:
//   node deploy/image/assemble.mjs --app db-api --out ../out
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

/**
 * Development-only entries of a package folder. A package without "files" ships
 * everything else (dist/, env/, migrations/, views…): runtime assets need no list.
 */
const DEVELOPMENT_ONLY = [
  /^(src|test|tests|bench|node_modules|coverage|test-results|\.nx)$/,
  /^(tsconfig.*\.json|vitest\.config\..*|eslint\.config\..*|.*\.md|\.eslintcache)$/,
];
/** Build leftovers a running app never reads. */
const SKIPPED = [/\.tsbuildinfo$/, /\.d\.ts(\.map)?$/, /\.test\.js(\.map)?$/];
const ROOT_FILES = ['package.json', 'package-lock.json', '.npmrc'];

/**
 * @typedef {{ name: string, dir: string, manifest: Record<string, any> }} Workspace
 */

/** @param {string} file */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * The workspaces of the root package.json ("apps/*", "libs/*", "deploy"), by package name.
 * @param {string} root
 * @returns {Map<string, Workspace>}
 */
export function workspaces(root) {
  const patterns = /** @type {string[]} */ (readJson(path.join(root, 'package.json')).workspaces ?? []);
  /** @type {Map<string, Workspace>} */
  const byName = new Map();
  for (const pattern of patterns) {
    // Workspaces outside the image's build context (tools/*, scripts) are development-only.
    const parent = path.join(root, pattern.slice(0, -2));
    const dirs = pattern.endsWith('/*')
      ? (existsSync(parent) ? readdirSync(parent, { withFileTypes: true }) : [])
          .filter((entry) => entry.isDirectory())
          .map((entry) => path.posix.join(pattern.slice(0, -2), entry.name))
      : [pattern];
    for (const dir of dirs) {
      const file = path.join(root, dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = readJson(file);
      byName.set(manifest.name, { name: manifest.name, dir, manifest });
    }
  }
  return byName;
}

/**
 * The app's workspace and every workspace it reaches through "dependencies" (not devDependencies).
 * @param {Map<string, Workspace>} all
 * @param {string} appDir e.g. "apps/db-api"
 * @returns {Workspace[]}
 */
export function runtimeClosure(all, appDir) {
  const app = [...all.values()].find((workspace) => workspace.dir === appDir);
  if (!app) throw new Error(`No workspace at ${appDir}; APP must name a folder under apps/`);
  /** @type {Map<string, Workspace>} */
  const seen = new Map([[app.name, app]]);
  const queue = [app];
  for (let next = queue.shift(); next; next = queue.shift()) {
    for (const dependency of Object.keys(next.manifest.dependencies ?? {})) {
      const workspace = all.get(dependency);
      if (workspace && !seen.has(dependency)) {
        seen.set(dependency, workspace);
        queue.push(workspace);
      }
    }
  }
  return [...seen.values()];
}

/**
 * @param {string} root
 * @param {string} app folder name under apps/
 * @param {string} out
 * @returns {{ workspaces: string[] }}
 */
export function assemble(root, app, out) {
  const appDir = `apps/${app}`;
  const closure = runtimeClosure(workspaces(root), appDir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const file of ROOT_FILES) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(out, file));
  }
  for (const workspace of closure) {
    const folder = path.join(root, workspace.dir);
    const entries = new Set([
      'package.json',
      ...(workspace.manifest.files ??
        readdirSync(folder).filter((entry) => !DEVELOPMENT_ONLY.some((pattern) => pattern.test(entry)))),
    ]);
    if (!existsSync(path.join(root, workspace.dir, 'dist'))) {
      throw new Error(`${workspace.dir}/dist is missing: build ${workspace.name} first`);
    }
    for (const entry of entries) {
      const from = path.join(folder, entry);
      if (!existsSync(from)) continue;
      cpSync(from, path.join(out, workspace.dir, entry), {
        recursive: true,
        filter: (source) => !SKIPPED.some((pattern) => pattern.test(source)),
      });
    }
  }
  cpSync(path.join(import.meta.dirname, 'healthcheck.mjs'), path.join(out, 'healthcheck.mjs'));
  return { workspaces: closure.map((workspace) => workspace.dir) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { app: { type: 'string' }, out: { type: 'string' }, root: { type: 'string', default: '.' } },
  });
  if (!values.app || !values.out) {
    console.error('usage: assemble.mjs --app <folder under apps/> --out <dir> [--root <repo>]');
    process.exit(2);
  }
  try {
    const { workspaces: included } = assemble(
      path.resolve(values.root),
      values.app,
      path.resolve(values.out),
    );
    console.log(`assembled ${values.app} into ${values.out}: ${included.join(', ')}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
