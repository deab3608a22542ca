import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { formatFiles, generateFiles, type GeneratorCallback, type Tree } from '@nx/devkit';
import { GeneratorInputError } from '../../utils/generator-input-error.js';
import { namesOf, type Names } from '../../utils/names.js';
import type { DbModuleGeneratorSchema } from './schema.js';

const DB_API = 'apps/db-api';
const MODULES = `${DB_API}/src/modules`;
const MODULES_INDEX = `${MODULES}/index.ts`;
const MIGRATIONS = `${DB_API}/migrations/default`;

export interface NormalizedDbModuleOptions extends Names {
  description: string;
  /** The table of the example action: <snake name>_items. */
  table: string;
  /** <timestamp>_create-<name>-items, after every existing migration. */
  migrationFile: string;
}

function unexpected(what: string): GeneratorInputError {
  return new GeneratorInputError(
    'WORKSPACE_UNEXPECTED',
    `${what}; nothing was written. The db-module generator needs db-api's layout (see apps/db-api/README.md).`,
  );
}

/** Checks the options against db-api and refuses what it cannot take; writes nothing. */
export function normalizeDbModuleOptions(
  tree: Tree,
  schema: DbModuleGeneratorSchema,
): NormalizedDbModuleOptions {
  const names = namesOf(schema.name, 'module');
  if (!tree.exists(MODULES_INDEX)) throw unexpected(`${MODULES_INDEX} is missing`);
  if (tree.exists(`${MODULES}/${names.name}`)) {
    throw new GeneratorInputError(
      'NAME_TAKEN',
      `Module "${names.name}" exists already: ${MODULES}/${names.name}.`,
    );
  }
  for (const module of tree.children(MODULES)) {
    const index = tree.read(`${MODULES}/${module}/index.ts`, 'utf-8') ?? '';
    if (new RegExp(`name:\\s*['"]${names.name}['"]`).test(index)) {
      throw new GeneratorInputError(
        'NAME_TAKEN',
        `Module "${names.name}" exists already: ${MODULES}/${module} serves POST /${names.name}/.`,
      );
    }
  }
  const table = `${names.snakeName}_items`;
  const migrations = tree.exists(MIGRATIONS) ? tree.children(MIGRATIONS) : [];
  for (const file of migrations) {
    const sql = tree.read(`${MIGRATIONS}/${file}`, 'utf-8') ?? '';
    if (new RegExp(`CREATE TABLE (IF NOT EXISTS )?"?${table}"?\\b`, 'i').test(sql)) {
      throw new GeneratorInputError('NAME_TAKEN', `Table ${table} exists already (${MIGRATIONS}/${file}).`);
    }
  }
  // node-pg-migrate applies files in name order: the new one goes last.
  const latest = Math.max(0, ...migrations.map((file) => Number(/^(\d+)_/.exec(file)?.[1] ?? 0)));
  const timestamp = Math.max(Date.now(), latest + 1);
  return {
    ...names,
    description: schema.description?.trim() || `The ${names.name} module.`,
    table,
    migrationFile: `${timestamp}_create-${names.name}-items`,
  };
}

/** The modules list with the new module imported and appended. */
export function registerModule(text: string, options: Pick<Names, 'name' | 'propertyName'>): string {
  const list = /(export const modules: readonly ModuleDefinition\[\] = \[)([^\]]*)(\];)/.exec(text);
  const lastImport = [...text.matchAll(/^import .*;$/gm)].at(-1);
  if (!list || !lastImport)
    throw unexpected(`${MODULES_INDEX} has no "export const modules: readonly ModuleDefinition[] = [...]"`);
  const entries = list[2]!.trim().replace(/,$/, '');
  const withEntry = `${text.slice(0, list.index)}${list[1]}${entries ? `${entries}, ` : ''}${options.propertyName}Module${list[3]}${text.slice(list.index + list[0].length)}`;
  const at = lastImport.index + lastImport[0].length;
  return `${withEntry.slice(0, at)}\nimport { ${options.propertyName}Module } from './${options.name}/index.js';${withEntry.slice(at)}`;
}

/**
 * `nx g @platform/plugin:db-module <name>`: a db-api module (schemas, SQL, actions, routes) with
 * the seed's root action and one example action on a table of its own, its migration and tests,
 * registered in src/modules/index.ts (so its actions are served and listed in /openapi.json).
 */
export async function dbModuleGenerator(
  tree: Tree,
  schema: DbModuleGeneratorSchema,
): Promise<GeneratorCallback> {
  const options = normalizeDbModuleOptions(tree, schema);
  const registered = registerModule(tree.read(MODULES_INDEX, 'utf-8') ?? '', options);
  const files = (folder: string) => path.join(import.meta.dirname, 'files', folder);
  const substitutions = { ...options, tmpl: '' };
  generateFiles(tree, files('module'), `${MODULES}/${options.name}`, substitutions);
  generateFiles(tree, files('migration'), MIGRATIONS, substitutions);
  generateFiles(tree, files('test'), `${DB_API}/test`, substitutions);
  tree.write(MODULES_INDEX, registered);
  await formatFiles(tree);
  // New actions are additions to db-api's contract: once the files are written, the snapshot the
  // contract gate compares with and the typed client are brought up to date, so db-api's checks
  // stay green (a dry run writes nothing and runs nothing).
  return () => {
    for (const target of ['db-api:contract', 'db-api:generate-client']) {
      const args = target === 'db-api:contract' ? ['nx', 'run', target, '--update'] : ['nx', 'run', target];
      execFileSync('npx', args, { cwd: tree.root, stdio: 'inherit' });
    }
  };
}

export default dbModuleGenerator;
