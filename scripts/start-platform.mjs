#!/usr/bin/env node
// Starts every app of the workspace from its production build, with one
// readable, prefixed stream of output and the URL of each service.
// An app takes part through a "platform" field in its package.json:
//   { "port": 8010, "env": { "BACKEND_PORT": "50051" }, "path": "/", "order": 1 }
//   { "run": "once", "args": ["Gonzalo"] }   — a job run after the services are up
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const colors = [36, 35, 33, 32, 34, 91, 96, 95, 93, 92];
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\x1b[${code}m${text}\x1b[0m` : text);

/** Secrets for this machine's local runs: made once, kept out of git, never printed in full. */
function localSecrets() {
  const dir = path.join(root, '.platform');
  const file = path.join(dir, 'local-secrets.env');
  const existing = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const wanted = {
    BEARER: () => randomBytes(32).toString('base64url'),
    TOTP_ENCRYPTION_KEY: () => randomBytes(32).toString('hex'),
  };
  let changed = false;
  for (const [key, make] of Object.entries(wanted)) {
    if (!existing[key]) {
      existing[key] = make();
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    const text = Object.entries(existing)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    writeFileSync(file, `# Generated for local runs of this clone; not committed.\n${text}\n`, {
      mode: 0o600,
    });
  }
  return { file, secrets: existing };
}

function discoverApps() {
  const appsDir = path.join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(appsDir, entry.name, 'package.json')))
    .map((entry) => {
      const manifest = JSON.parse(readFileSync(path.join(appsDir, entry.name, 'package.json'), 'utf8'));
      return {
        name: entry.name,
        dir: path.join(appsDir, entry.name),
        platform: manifest.platform,
        scripts: manifest.scripts ?? {},
      };
    })
    .filter((app) => app.platform && app.scripts.start)
    .sort((a, b) => (a.platform.order ?? 50) - (b.platform.order ?? 50) || a.name.localeCompare(b.name));
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

function pipe(stream, prefix, onLine) {
  let buffer = '';
  stream.on('data', (chunk) => {
    buffer += chunk.toString();
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (!line) continue;
      onLine?.(line);
      process.stdout.write(`${prefix} ${readable(line)}\n`);
    }
  });
}

const apps = discoverApps();
if (apps.length === 0) {
  console.error('No apps to start: none has a "platform" field in its package.json.');
  process.exit(1);
}
const { file: secretsFile, secrets } = localSecrets();
const width = Math.max(...apps.map((app) => app.name.length));
const children = new Map();
const urls = new Map();
const services = apps.filter((app) => app.platform.run !== 'once');
const jobs = apps.filter((app) => app.platform.run === 'once');
let stopping = false;

function start(app, index) {
  const prefix = paint(colors[index % colors.length], `${app.name.padEnd(width)} |`);
  const env = {
    ...process.env,
    ...secrets,
    ...(app.platform.port ? { PORT: String(app.platform.port) } : {}),
    ...app.platform.env,
  };
  const child = spawn('npm', ['run', '--silent', 'start', '--', ...(app.platform.args ?? [])], {
    cwd: app.dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: npm and the node process under it stop together.
    detached: true,
  });
  children.set(app.name, child);
  const onLine = (line) => {
    const match = /listening on (https?:\/\/[^\s"]+)/.exec(line);
    if (match && !urls.has(app.name)) {
      urls.set(app.name, `${match[1].replace(/\/$/, '')}${app.platform.path ?? '/'}`);
      if (urls.size === services.length) summary();
    }
  };
  pipe(child.stdout, prefix, onLine);
  pipe(child.stderr, prefix, onLine);
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      children.delete(app.name);
      if (!stopping && app.platform.run !== 'once') {
        process.stdout.write(`${prefix} ${paint(31, `exited (${signal ?? code})`)}\n`);
      }
      resolve(code);
    });
  });
}

function summary() {
  const lines = services.map(
    (app) => `  ${app.name.padEnd(width)}  ${urls.get(app.name) ?? '(not listening)'}`,
  );
  process.stdout.write(
    `\n${paint(1, 'Platform running:')}\n${lines.join('\n')}\n` +
      `  Bearer token for this clone: in ${path.relative(root, secretsFile)} (BEARER)\n` +
      `  Stop with Ctrl-C.\n\n`,
  );
  for (const [index, job] of jobs.entries()) void start(job, services.length + index);
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
  process.stdout.write(`\nStopping ${children.size} apps (${signal})…\n`);
  for (const child of children.values()) signalGroup(child, 'SIGTERM');
  setTimeout(() => {
    for (const child of children.values()) signalGroup(child, 'SIGKILL');
    process.exit(1);
  }, 15_000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
// Detached groups outlive an unexpected exit of this launcher unless told.
process.on('exit', () => {
  for (const child of children.values()) signalGroup(child, 'SIGTERM');
});
process.on('SIGTERM', () => stop('SIGTERM'));

await Promise.all(services.map((app, index) => start(app, index)));
if (!stopping) process.exitCode = 1;
