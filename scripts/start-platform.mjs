#!/usr/bin/env node
// Builds and starts every app of the workspace from its production build through Nx
// (`nx run-many -t start`; each app's `start` depends on its `build`), with one readable, prefixed
// stream of output and the URL of each service, then runs the job apps once.
//
//   node scripts/start-platform.mjs [project...]     (npm start: every app)
//
// An app takes part through a "platform" field in its package.json:
//   { "path": "/readyz", "order": 1 }          — a service, its URL printed with `path` (default /)
//   { "run": "once", "args": ["Gonzalo"] }     — a job, run after every service listens
// Ports and the other settings come from each app's env/local/.env, the real environment winning
// (PORT=0 gives every app a free port); the local secrets are added to that environment.
// Before the apps start, their local dependencies are checked (scripts/local-dependencies.mjs): a
// private redis-server where a local Redis address has nothing behind it, or a plain report of
// what is missing; the summary shows each service's readiness, not just that it listens.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { dependenciesOf, provideDependencies, readinessOf } from './local-dependencies.mjs';
import { localSecrets } from './local-secrets.mjs';

const root = path.resolve(import.meta.dirname, '..');
const nx = path.join(root, 'node_modules', '.bin', 'nx');
const colors = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

function discoverApps() {
  const appsDir = path.join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(appsDir, entry.name, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(path.join(appsDir, entry.name, 'package.json'), 'utf8'));
      return {
        project: manifest.nx?.name ?? manifest.name,
        dir: path.join(appsDir, entry.name),
        manifest,
        platform: manifest.platform,
        scripts: manifest.scripts ?? {},
      };
    })
    .filter((app) => app.platform && app.scripts.start)
    .sort(
      (a, b) => (a.platform.order ?? 50) - (b.platform.order ?? 50) || a.project.localeCompare(b.project),
    );
}

/** A pino JSON line as "HH:MM:SS LEVEL message"; anything else as it is. */
function readable(line) {
  if (!line.startsWith('{')) return line;
  try {
    const entry = JSON.parse(line);
    const time = String(entry['@timestamp'] ?? '').slice(11, 19);
    const level = String(entry['log.level'] ?? '')
      .toUpperCase()
      .padEnd(5);
    const levelColor = { ERROR: 31, FATAL: 31, WARN: 33 }[level.trim()] ?? 90;
    return `${paint(90, time)} ${paint(levelColor, level)} ${entry.message ?? ''}`;
  } catch {
    return line;
  }
}

const known = discoverApps();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !known.some((app) => app.project === name));
if (unknown.length > 0) {
  console.error(
    `Not an app of the platform: ${unknown.join(', ')} (apps: ${known.map((app) => app.project).join(', ')})`,
  );
  process.exit(2);
}
const apps = wanted.length > 0 ? known.filter((app) => wanted.includes(app.project)) : known;
if (apps.length === 0) {
  console.error('No apps to start: none has a "platform" field and a start script in its package.json.');
  process.exit(1);
}
const services = apps.filter((app) => app.platform.run !== 'once');
const jobs = apps.filter((app) => app.platform.run === 'once');
const { file: secretsFile, secrets } = localSecrets(root);
const env = { ...secrets, ...process.env, NX_TUI: 'false', NX_DAEMON: process.env.NX_DAEMON ?? 'false' };
const width = Math.max(...apps.map((app) => app.project.length));
const prefixes = new Map(
  apps.map((app, index) => [
    app.project,
    paint(colors[index % colors.length], `${app.project.padEnd(width)} |`),
  ]),
);
const urls = new Map();
const running = new Set();
let stopping = false;

/** Nx's stream output: "<project>: <line>" for a task's lines, anything else is Nx's own. */
function onLine(raw) {
  const line = stripVTControlCharacters(raw);
  if (!line.trim()) return;
  const match = /^([\w@./-]+): (.*)$/.exec(line);
  const app = match && apps.find((candidate) => candidate.project === match[1]);
  if (!app) {
    process.stdout.write(`${paint(90, line)}\n`);
    return;
  }
  const text = match[2];
  process.stdout.write(`${prefixes.get(app.project)} ${readable(text)}\n`);
  const listening = /listening on (https?:\/\/[^\s"]+)/.exec(text);
  if (listening && app.platform.run !== 'once' && !urls.has(app.project)) {
    urls.set(app.project, `${listening[1].replace(/\/$/, '')}${app.platform.path ?? '/'}`);
    if (urls.size === services.length) void ready();
  }
}

function pipe(stream) {
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  stream.on('end', () => buffer && onLine(buffer));
}

/** Runs nx in its own process group (this launcher forwards Ctrl-C), resolving with its exit code. */
function runNx(args) {
  // Nx's own flag goes before `--`: what follows it is the task's arguments (a job's args).
  const end = args.includes('--') ? args.indexOf('--') : args.length;
  const nxArgs = [...args.slice(0, end), '--output-style=stream', ...args.slice(end)];
  const child = spawn(nx, nxArgs, {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  pipe(child.stdout);
  pipe(child.stderr);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Each service's readiness, given a few seconds to connect to what it needs. */
async function readiness() {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const states = await Promise.all(services.map((app) => readinessOf(urls.get(app.project))));
    if (states.every((state) => state === 'ready' || state === 'up') || Date.now() > deadline) return states;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function ready() {
  const states = await readiness();
  const urlWidth = Math.max(...services.map((app) => urls.get(app.project).length));
  const lines = services.map((app, index) => {
    const state = states[index];
    const shown = state === 'ready' || state === 'up' ? paint(32, state) : paint(31, state);
    return `  ${app.project.padEnd(width)}  ${urls.get(app.project).padEnd(urlWidth)}  ${shown}`;
  });
  const missing = provided.problems.map((line) => `  ${paint(31, '!')} ${line}`);
  process.stdout.write(
    `\n${paint(1, 'Platform running:')}\n${lines.join('\n')}\n` +
      (missing.length > 0 ? `${missing.join('\n')}\n` : '') +
      `  Bearer token for this clone: in ${path.relative(root, secretsFile)} (BEARER; the frontend sends it as BACKEND_TOKEN)\n` +
      `  Stop with Ctrl-C.\n\n`,
  );
  for (const job of jobs) {
    if (stopping) return;
    await runNx(['run', `${job.project}:start`, '--', ...(job.platform.args ?? [])]);
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is gone already.
  }
}

function stop(signal) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`\nStopping ${apps.length} apps (${signal})…\n`);
  // Nx stops its tasks (SIGTERM, then a grace period); SIGINT would silence its output.
  for (const child of running) child.kill('SIGTERM');
  setTimeout(() => {
    for (const child of running) signalGroup(child, 'SIGKILL');
    process.exit(1);
  }, 20_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
// Detached groups outlive an unexpected exit of this launcher unless told.
process.on('exit', () => {
  for (const child of running) signalGroup(child, 'SIGTERM');
});

// Redis (and a configured PostgreSQL) where the apps will look: provided when local and missing
// and redis-server is installed, otherwise reported plainly; never silently degraded.
const provided = await provideDependencies(dependenciesOf(services, { ...secrets, ...process.env }), {
  env: process.env,
  dataDir: path.join(root, '.platform'),
});
for (const line of provided.lines) process.stdout.write(`${paint(1, 'platform')} ${line}\n`);
process.on('exit', () => {
  for (const child of provided.children) signalGroup(child, 'SIGTERM');
});

const code =
  services.length > 0
    ? await runNx([
        'run-many',
        '-t',
        'start',
        '-p',
        services.map((app) => app.project).join(','),
        // Every start runs until stopped, so each needs its own slot, plus one for the builds.
        `--parallel=${services.length + 1}`,
      ])
    : (await ready(), 0);
// The apps are down: stop what was started for them (a private Redis) and wait for it.
await Promise.all(
  provided.children.map((child) => {
    if (child.exitCode !== null || child.signalCode !== null) return undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    return exited;
  }),
);
if (!stopping) process.exitCode = code === 0 && services.length > 0 ? 1 : code;
