// The production entry point in a child process: which token it sends, and refused settings.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_TOKEN, startBackend, type BackendProcess } from './support/backend-process.js';

const main = path.join(import.meta.dirname, '..', 'src', 'main.ts');
const children: ChildProcess[] = [];
let backend: BackendProcess;

interface Started {
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@platform/source', main], {
    env: {
      PATH: process.env['PATH'] ?? '',
      ENVIRONMENT: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      BACKEND_HOST: '127.0.0.1',
      BACKEND_PORT: String(backend.port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return {
    stdout: () => out,
    stderr: () => err,
    exit: once(child, 'exit').then(([code]) => code as number | null),
  };
}

async function listeningUrl(started: Started): Promise<string> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /listening on (http:\/\/[\d.:]+)/.exec(started.stdout());
    if (match?.[1]) return match[1];
    if (Date.now() > deadline) throw new Error(`not listening: ${started.stdout()} ${started.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  backend = await startBackend();
}, 30_000);
afterAll(async () => {
  await backend?.stop();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('grpc-frontend main', () => {
  it('sends BACKEND_TOKEN to the backend', async () => {
    const started = start({ BACKEND_TOKEN });
    const page = await fetch(`${await listeningUrl(started)}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Hello Gonzalo!');
    expect(started.stdout()).not.toContain('deprecated');
    expect(started.stdout()).not.toContain(BACKEND_TOKEN);
  });

  it('still sends the deprecated BEARER when BACKEND_TOKEN is unset, with a warning line', async () => {
    const started = start({ BEARER: BACKEND_TOKEN });
    const page = await fetch(`${await listeningUrl(started)}/`);
    expect(page.status).toBe(200);
    expect(started.stdout()).toMatch(/BEARER is deprecated in grpc-frontend: rename it to BACKEND_TOKEN/);
    expect(started.stdout()).not.toContain(BACKEND_TOKEN);
  });

  it("refuses a short token or the backend's whole rotation list, naming the setting", async () => {
    const short = start({ BEARER: 'x' });
    expect(await short.exit).toBe(1);
    expect(short.stderr()).toMatch(/BEARER: needs at least 16 characters/);
    const list = start({ BACKEND_TOKEN: `${BACKEND_TOKEN},new-token-0123456789` });
    expect(await list.exit).toBe(1);
    expect(list.stderr()).toMatch(/BACKEND_TOKEN: one token, not a list/);
    expect(list.stderr()).not.toContain(BACKEND_TOKEN);
    expect(list.stdout()).not.toContain('listening on');
  });
});
