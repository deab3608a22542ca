// A throwaway redis-server for tests that stop, pause or restart Redis; never the shared one.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Sends one inline command and answers the first reply line (e.g. "+PONG"). */
export async function rawCommand(port: number, command: string, timeoutMs = 1_000): Promise<string> {
  const socket = createConnection({ host: '127.0.0.1', port });
  socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no reply to ${command}`)));
  try {
    await once(socket, 'connect');
    socket.write(`${command}\r\n`);
    let reply = '';
    for await (const chunk of socket) {
      reply += String(chunk);
      if (reply.includes('\r\n')) return reply.slice(0, reply.indexOf('\r\n'));
    }
    return reply;
  } finally {
    socket.destroy();
  }
}

export class OwnRedis {
  readonly port: number;
  readonly dir: string;
  #process: ChildProcess | undefined;

  private constructor(port: number, dir: string) {
    this.port = port;
    this.dir = dir;
  }

  static async start(): Promise<OwnRedis> {
    return OwnRedis.startOn(await freePort());
  }

  static async startOn(port: number): Promise<OwnRedis> {
    const redis = new OwnRedis(port, mkdtempSync(path.join(tmpdir(), 'counter-redis-')));
    try {
      await redis.restart();
    } catch (error) {
      await redis.close();
      throw error;
    }
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server again on the same port, loading what SHUTDOWN SAVE wrote. */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { cwd: this.dir, stdio: 'ignore' },
    );
    this.#process = child;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server on ${this.port} exited`);
      const reply = await rawCommand(this.port, 'PING', 200).catch(() => '');
      if (reply === '+PONG') return;
      if (Date.now() > deadline) throw new Error(`redis-server on ${this.port} did not start`);
      await sleep(25);
    }
  }

  /** SHUTDOWN SAVE: the data survives a restart(), as with a real deployment's persistence. */
  async stop(): Promise<void> {
    const child = this.#process;
    if (!child || child.exitCode !== null) return;
    const exited = once(child, 'exit');
    await rawCommand(this.port, 'SHUTDOWN SAVE').catch(() => '');
    await exited;
  }

  /** Stops the server for good and removes its files; safe to call twice. */
  async close(): Promise<void> {
    const child = this.#process;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
