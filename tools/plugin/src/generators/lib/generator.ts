import path from 'node:path';
import {
  formatFiles,
  generateFiles,
  installPackagesTask,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { GeneratorInputError } from '../../utils/generator-input-error.js';
import { namesOf, type Names } from '../../utils/names.js';
import { assertProjectNameFree } from '../../utils/project-name.js';
import type { LibGeneratorSchema } from './schema.js';

export interface NormalizedLibOptions extends Names {
  root: string;
  scope: string;
  description: string;
  skipInstall: boolean;
}

const SCOPE = /^[a-z][a-z0-9-]*$/;

/** Checks the options and refuses what the workspace cannot take; writes nothing. */
export function normalizeLibOptions(tree: Tree, schema: LibGeneratorSchema): NormalizedLibOptions {
  const names = namesOf(schema.name, 'lib');
  assertProjectNameFree(tree, names.name);
  const scope = schema.scope ?? 'shared';
  if (!SCOPE.test(scope)) {
    throw new GeneratorInputError('NAME_INVALID', `Invalid scope ${JSON.stringify(scope)}: use kebab-case.`);
  }
  return {
    ...names,
    root: `libs/${names.name}`,
    scope,
    description: schema.description?.trim() || `The ${names.name} lib.`,
    skipInstall: schema.skipInstall ?? false,
  };
}

/** `nx g @platform/plugin:lib <name>`: libs/<name>, a workspace package like every other lib. */
export async function libGenerator(
  tree: Tree,
  schema: LibGeneratorSchema,
): Promise<GeneratorCallback | undefined> {
  const options = normalizeLibOptions(tree, schema);
  generateFiles(tree, path.join(import.meta.dirname, 'files'), options.root, { ...options, tmpl: '' });
  await formatFiles(tree);
  return options.skipInstall ? undefined : () => installPackagesTask(tree, true);
}

export default libGenerator;
