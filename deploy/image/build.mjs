#!/usr/bin/env node
// Builds the image of one app from deploy/Dockerfile into the builder's local store, named
// platform/<app>:<version> as deploy/compose expects: with Docker where an engine answers
// (`docker info`, not just the client), otherwise with buildah, assembling the local bases first
// when they are missing (bases.mjs).
//   npm run image -w deploy -- <app> [--version dev] [--builder docker|buildah]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBases } from './bases.mjs';
import { STORAGE } from './containers.mjs';
import { ImageError } from './image-error.mjs';
import { runCommand, succeeds } from './run-command.mjs';

/** The repository root: the build context. */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const DOCKERFILE = 'deploy/Dockerfile';
const IGNORE_FILE = 'deploy/Dockerfile.dockerignore';

/** @typedef {'docker' | 'buildah'} Builder */

/**
 * The image name of an app, as deploy/compose and the k8s dev overlay use it.
 * @param {string} app folder under apps/
 * @param {string} version the tag
 * @param {string} [root] repository root
 */
export function imageName(app, version, root = repoRoot) {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(app) || !existsSync(path.join(root, 'apps', app, 'package.json'))) {
    throw new ImageError('UNKNOWN_APP', `No app "${app}": name a folder under apps/`);
  }
  if (!/^[\w][\w.-]{0,127}$/.test(version)) {
    throw new ImageError(
      'BAD_VERSION',
      `"${version}" is not an image tag (letters, digits, _ . -; at most 128)`,
    );
  }
  return `platform/${app}:${version}`;
}

/**
 * Docker when its engine answers, else buildah when installed.
 * @param {(command: string, args: string[]) => Promise<boolean>} [works] runs a probe
 * @returns {Promise<Builder>}
 */
export async function detectBuilder(works = succeeds) {
  if (await works('docker', ['info'])) return 'docker';
  if (await works('buildah', ['--version'])) return 'buildah';
  throw new ImageError(
    'NO_BUILDER',
    'No image builder: no Docker engine answers `docker info` and buildah is not installed ' +
      '(bash scripts/ensure-services.sh installs buildah, podman and mmdebstrap from Debian)',
  );
}

/**
 * The builder's command line for one app.
 * @param {Builder} builder
 * @param {string} app
 * @param {string} name
 * @returns {[string, string[]]}
 */
export function buildCommand(builder, app, name) {
  const common = ['-f', DOCKERFILE, '--build-arg', `APP=${app}`, '-t', name];
  if (builder === 'docker') return ['docker', ['build', ...common, '.']];
  return [
    'buildah',
    [
      ...STORAGE,
      'build',
      '--isolation',
      'chroot',
      '--network',
      'host',
      '--layers',
      // The bases are in the local store (bases.mjs): never ask a registry.
      '--pull=never',
      // Docker's image format keeps the HEALTHCHECK (the OCI format has no field for it).
      '--format',
      'docker',
      '--ignorefile',
      IGNORE_FILE,
      ...common,
      '.',
    ],
  ];
}

/**
 * @typedef {object} BuildOptions
 * @property {string} app folder under apps/
 * @property {string} [version] the tag; "dev" by default
 * @property {Builder | undefined} [builder] detected when not given
 * @property {(line: string) => void} [log]
 */

/**
 * Builds the app's image; resolves with its name and the builder that made it.
 * @param {BuildOptions} options
 * @returns {Promise<{ name: string, builder: Builder, seconds: number }>}
 */
export async function buildImage({ app, version = 'dev', builder, log = () => {} }) {
  const name = imageName(app, version);
  const chosen = builder ?? (await detectBuilder());
  const started = Date.now();
  if (chosen === 'buildah') await ensureBases({ dockerfile: path.join(repoRoot, DOCKERFILE), log });
  log(`building ${name} with ${chosen}`);
  const [command, args] = buildCommand(chosen, app, name);
  await runCommand(command, args, { cwd: repoRoot, log: (line) => log(`  ${line}`) });
  const seconds = Math.round((Date.now() - started) / 1000);
  log(`built ${name} in ${seconds} s (${chosen}'s local store)`);
  return { name, builder: chosen, seconds };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const main = async () => {
    const { values, positionals } = parseArgs({
      allowPositionals: true,
      options: {
        version: { type: 'string', default: process.env['VERSION'] ?? 'dev' },
        builder: { type: 'string' },
      },
    });
    const [app, ...rest] = positionals;
    if (!app || rest.length > 0 || (values.builder && !['docker', 'buildah'].includes(values.builder))) {
      throw new ImageError(
        'BAD_ARGUMENTS',
        'usage: npm run image -w deploy -- <app> [--version <tag>] [--builder docker|buildah]',
      );
    }
    await buildImage({
      app,
      version: values.version,
      builder: /** @type {Builder | undefined} */ (values.builder),
      log: (line) => console.log(line),
    });
  };
  main().catch((error) => {
    console.error(error instanceof ImageError ? `${error.code}: ${error.message}` : error);
    process.exit(1);
  });
}
