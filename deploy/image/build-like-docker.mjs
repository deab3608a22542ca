#!/usr/bin/env node
// Builds an app's image the way `docker build -f deploy/Dockerfile` would, with
// no Docker engine: it reads the Dockerfile, sends itself the same context
// (.dockerignore applied), and runs every stage's COPY, WORKDIR, ENV, ARG and
// RUN in a clean directory per stage, with this machine's Node standing in for
// the base images' (same major version, checked). The result is the runtime
// stage's file tree, env, user, command and healthcheck, which can be started.
//
//   node deploy/image/build-like-docker.mjs --app counter            # build, start, check, stop
//   node deploy/image/build-like-docker.mjs --app counter --serve    # build and keep it running
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { contextFiles } from './context.mjs';
import { parseArg, parseDockerfile, parseEnv, substitute } from './dockerfile.mjs';

/**
 * @typedef {import('./dockerfile.mjs').Instruction} Instruction
 * @typedef {import('./dockerfile.mjs').Stage} Stage
 */

/**
 * @typedef {object} ImageConfig
 * @property {string} root the image's file system
 * @property {string} workdir absolute, inside the image
 * @property {Record<string, string>} env
 * @property {Record<string, string>} args ARGs in scope (build only)
 * @property {string | undefined} user
 * @property {string[] | undefined} entrypoint
 * @property {string[] | undefined} cmd
 * @property {{ flags: Record<string, string[]>, command: string[] } | undefined} healthcheck
 * @property {string[]} exposed
 * @property {Record<string, string>} binaries image paths that stand for this machine's programs
 * @property {string} base the image it started FROM
 */

const nodeMajor = process.versions.node.split('.')[0] ?? '';

/**
 * Base images the emulator knows: which Node they carry and their defaults.
 * @type {{ pattern: RegExp, config: (major: string) => Partial<ImageConfig> }[]}
 */
const BASE_IMAGES = [
  {
    pattern: /^node:(\d+)(?:[.-][\w.-]*)?$/,
    config: () => ({ cmd: ['node'], entrypoint: undefined, binaries: {} }),
  },
  {
    pattern: /^gcr\.io\/distroless\/nodejs(\d+)-debian\d+(?::[\w.-]+)?$/,
    config: () => ({
      entrypoint: ['/nodejs/bin/node'],
      cmd: undefined,
      binaries: { '/nodejs/bin/node': process.execPath },
    }),
  },
];

/**
 * @param {string} image
 * @param {string} root
 * @returns {ImageConfig}
 */
function baseImage(image, root) {
  for (const { pattern, config } of BASE_IMAGES) {
    const match = pattern.exec(image);
    if (!match) continue;
    const major = match[1] ?? '';
    if (major !== nodeMajor) {
      throw new Error(`${image} carries Node ${major}, this machine runs Node ${nodeMajor}: they must match`);
    }
    const user = image.endsWith(':nonroot') ? 'nonroot' : undefined;
    return {
      root,
      workdir: '/',
      env: {},
      args: {},
      user,
      entrypoint: undefined,
      cmd: undefined,
      healthcheck: undefined,
      exposed: [],
      binaries: {},
      base: image,
      ...config(major),
    };
  }
  throw new Error(`The emulator does not know the base image ${image}; add it to BASE_IMAGES`);
}

/**
 * A path inside a stage's image, on this machine.
 * @param {ImageConfig} stage
 * @param {string} imagePath absolute or relative to WORKDIR
 */
function hostPath(stage, imagePath) {
  return path.join(stage.root, path.posix.resolve(stage.workdir, imagePath));
}

/**
 * COPY semantics: a folder's content goes into the destination; a file goes
 * into a destination folder (trailing slash or existing) or becomes it.
 * @param {string} from
 * @param {string} to
 * @param {boolean} destinationIsFolder
 */
function copyInto(from, to, destinationIsFolder) {
  if (!existsSync(from)) throw new Error(`COPY: ${from} does not exist`);
  if (statSync(from).isDirectory()) {
    mkdirSync(to, { recursive: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true });
  } else {
    const target = destinationIsFolder ? path.join(to, path.basename(from)) : to;
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(from, target);
  }
}

/**
 * @param {string[]} argv
 * @param {{ cwd: string, env: Record<string, string>, log: (line: string) => void }} options
 * @returns {Promise<void>}
 */
function run(argv, { cwd, env, log }) {
  return new Promise((resolve, reject) => {
    const [command = '', ...args] = argv;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {string[]} */
    const tail = [];
    const keep = (/** @type {Buffer} */ chunk) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        log(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`RUN ${argv.join(' ')} exited with ${code}\n${tail.join('\n')}`));
    });
  });
}

/**
 * The stages the target needs (its base and COPY --from sources), in file order.
 * @param {Stage[]} stages
 * @param {number} target
 */
function neededStages(stages, target) {
  const needed = new Set([target]);
  const visit = (/** @type {number} */ index) => {
    const stage = stages[index];
    if (!stage) return;
    const sources = [
      stage.from,
      ...stage.instructions.flatMap((instruction) => instruction.flags['from'] ?? []),
    ];
    for (const source of sources) {
      const found = stages.findIndex((other, otherIndex) => otherIndex < index && other.name === source);
      if (found >= 0 && !needed.has(found)) {
        needed.add(found);
        visit(found);
      }
    }
  };
  visit(target);
  return [...needed].sort((a, b) => a - b);
}

/**
 * @typedef {object} BuildOptions
 * @property {string} repo the build context (repository root)
 * @property {string} [dockerfile] relative to repo
 * @property {Record<string, string>} [buildArgs]
 * @property {string} workDir an empty folder to build in
 * @property {(line: string) => void} [log]
 */

/**
 * Runs the Dockerfile's stages; returns the last stage's image.
 * @param {BuildOptions} options
 * @returns {Promise<ImageConfig>}
 */
export async function buildLikeDocker(options) {
  const { repo, dockerfile = 'deploy/Dockerfile', buildArgs = {}, workDir, log = () => {} } = options;
  const dockerfilePath = path.join(repo, dockerfile);
  const { globalArgs, stages } = parseDockerfile(readFileSync(dockerfilePath, 'utf8'));

  /** @type {Record<string, string>} */
  const globals = {};
  for (const instruction of globalArgs) {
    const { name, defaultValue } = parseArg(instruction.args);
    const value = buildArgs[name] ?? defaultValue;
    if (value !== undefined) globals[name] = substitute(value, globals);
  }

  const ignoreFile = [`${dockerfilePath}.dockerignore`, path.join(repo, '.dockerignore')].find(existsSync);
  const context = path.join(workDir, 'context');
  const files = contextFiles(repo, ignoreFile);
  for (const file of files)
    cpSync(path.join(repo, file), path.join(context, file), { verbatimSymlinks: true });
  log(`context: ${files.length} files${ignoreFile ? ` (${path.relative(repo, ignoreFile)} applied)` : ''}`);

  /** @type {Map<number, ImageConfig>} */
  const built = new Map();
  const byName = (/** @type {string} */ name) => {
    const index = stages.findIndex((stage) => stage.name === name);
    const image = built.get(index);
    if (!image) throw new Error(`Stage ${name} is used before it is built`);
    return image;
  };

  for (const index of neededStages(stages, stages.length - 1)) {
    const stage = /** @type {Stage} */ (stages[index]);
    const label = stage.name ?? String(index);
    const root = path.join(workDir, 'stages', `${index}-${label}`);
    mkdirSync(root, { recursive: true });
    const from = substitute(stage.from, globals);
    /** @type {ImageConfig} */
    let image;
    if (stages.some((other, otherIndex) => otherIndex < index && other.name === from)) {
      const parent = byName(from);
      cpSync(parent.root, root, { recursive: true, verbatimSymlinks: true });
      image = { ...parent, root, env: { ...parent.env }, args: {} };
    } else {
      image = baseImage(from, root);
    }
    log(`stage ${label}: FROM ${from}`);

    for (const instruction of stage.instructions) {
      const vars = { ...image.args, ...image.env };
      const where = `${path.relative(repo, dockerfilePath)}:${instruction.line} ${instruction.keyword}`;
      switch (instruction.keyword) {
        case 'ARG': {
          const { name, defaultValue } = parseArg(instruction.args);
          const value = buildArgs[name] ?? (defaultValue === undefined ? globals[name] : defaultValue);
          image.args[name] = value === undefined ? '' : substitute(value, vars);
          break;
        }
        case 'ENV':
          Object.assign(image.env, parseEnv(instruction.args, vars));
          break;
        case 'WORKDIR':
          image.workdir = path.posix.resolve(image.workdir, substitute(instruction.args, vars));
          mkdirSync(hostPath(image, '.'), { recursive: true });
          break;
        case 'COPY': {
          const parts = instruction.json ?? instruction.args.split(/\s+/);
          const destination = substitute(parts.at(-1) ?? '', vars);
          const sources = parts.slice(0, -1).map((source) => substitute(source, vars));
          if (sources.length === 0) throw new Error(`${where}: needs a source and a destination`);
          const fromStage = instruction.flags['from']?.[0];
          const sourceRoot = fromStage ? byName(fromStage).root : context;
          const target = hostPath(image, destination);
          for (const source of sources) {
            if (/[*?[]/.test(source))
              throw new Error(`${where}: wildcards are not supported by the emulator`);
            const sourcePath = path.join(sourceRoot, path.posix.normalize(`/${source}`));
            const intoFolder = destination.endsWith('/') || destination === '.' || sources.length > 1;
            copyInto(
              sourcePath,
              target,
              intoFolder || (existsSync(target) && statSync(target).isDirectory()),
            );
          }
          break;
        }
        case 'RUN': {
          const mounts = instruction.flags['mount'] ?? [];
          if (mounts.some((mount) => !mount.startsWith('type=cache'))) {
            throw new Error(`${where}: only cache mounts are supported by the emulator`);
          }
          const argv = instruction.json ?? ['sh', '-c', instruction.args];
          log(`stage ${label}: RUN ${instruction.json ? argv.join(' ') : instruction.args}`);
          // The image's environment, not the caller's: only PATH and HOME (npm's cache) come from here.
          /** @type {Record<string, string>} */
          const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/root' };
          await run(argv, { cwd: hostPath(image, '.'), env: { ...env, ...image.args, ...image.env }, log });
          break;
        }
        case 'USER':
          image.user = substitute(instruction.args, vars);
          break;
        case 'EXPOSE':
          image.exposed.push(...substitute(instruction.args, vars).split(/\s+/));
          break;
        case 'CMD':
          image.cmd = instruction.json ?? ['/bin/sh', '-c', instruction.args];
          break;
        case 'ENTRYPOINT':
          image.entrypoint = instruction.json ?? ['/bin/sh', '-c', instruction.args];
          break;
        case 'HEALTHCHECK': {
          const command = /^CMD\s+(.*)$/s.exec(instruction.args)?.[1];
          if (!command) throw new Error(`${where}: expected HEALTHCHECK [options] CMD <command>`);
          let json;
          try {
            json = JSON.parse(command);
          } catch {
            json = undefined;
          }
          image.healthcheck = {
            flags: instruction.flags,
            command: Array.isArray(json) ? json : ['/bin/sh', '-c', command],
          };
          break;
        }
        case 'LABEL':
          break;
        default:
          throw new Error(`${where}: not supported by the emulator`);
      }
    }
    built.set(index, image);
  }
  return /** @type {ImageConfig} */ (built.get(stages.length - 1));
}

/**
 * How to run a command of the image on this machine: image paths of known
 * programs become this machine's, other absolute paths point into the image.
 * @param {ImageConfig} image
 * @param {string[]} argv
 */
export function hostCommand(image, argv) {
  return argv.map((arg) => {
    const binary = image.binaries[arg];
    if (binary) return binary;
    if (arg.startsWith('/') && existsSync(path.join(image.root, arg))) return path.join(image.root, arg);
    return arg;
  });
}

/**
 * Starts the image's command (ENTRYPOINT + CMD) in its WORKDIR with its env plus `env`.
 * @param {ImageConfig} image
 * @param {Record<string, string>} env
 */
export function startImage(image, env) {
  const [command = '', ...args] = hostCommand(image, [...(image.entrypoint ?? []), ...(image.cmd ?? [])]);
  return spawn(command, args, {
    cwd: hostPath(image, '.'),
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...image.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Runs the image's HEALTHCHECK command once; resolves to its exit code.
 * @param {ImageConfig} image
 * @param {Record<string, string>} env
 * @returns {Promise<number>}
 */
export function runHealthcheck(image, env) {
  if (!image.healthcheck) return Promise.reject(new Error('The image has no HEALTHCHECK'));
  const [command = '', ...args] = hostCommand(image, image.healthcheck.command);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: hostPath(image, '.'),
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...image.env, ...env },
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      app: { type: 'string' },
      port: { type: 'string', default: '8080' },
      'build-arg': { type: 'string', multiple: true, default: [] },
      serve: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  if (!values.app) {
    console.error('usage: build-like-docker.mjs --app <folder under apps/> [--port N] [--serve] [--keep]');
    process.exit(2);
  }
  const repo = path.resolve(import.meta.dirname, '..', '..');
  const workDir = mkdtempSync(path.join(tmpdir(), `image-${values.app}-`));
  const buildArgs = Object.fromEntries(
    values['build-arg'].map((pair) => [pair.split('=')[0] ?? '', pair.split('=').slice(1).join('=')]),
  );
  const image = await buildLikeDocker({
    repo,
    workDir,
    buildArgs: { ...buildArgs, APP: values.app },
    log: (line) => console.log(`  ${line}`),
  });
  console.log(`image file system: ${image.root} (workdir ${image.workdir}, user ${image.user ?? 'root'})`);
  // Loopback here instead of the image's 0.0.0.0: this is a shared machine, not a container.
  const env = { HOST: '127.0.0.1', PORT: values.port };
  const app = startImage(image, env);
  app.stdout.pipe(process.stdout);
  app.stderr.pipe(process.stderr);
  const stop = () => {
    app.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let healthy = false;
  for (let attempt = 0; attempt < 60 && app.exitCode === null && !healthy; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    healthy = (await runHealthcheck(image, env)) === 0;
  }
  console.log(healthy ? `healthy on port ${values.port}` : 'not healthy');
  if (!values.serve || !healthy) stop();
  await new Promise((resolve) => app.once('close', resolve));
  if (!values.keep) rmSync(workDir, { recursive: true, force: true });
  process.exitCode = healthy ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
