import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@platform/http/testing';

const run = promisify(execFile);

/** A PostgreSQL cluster of a test's own, on a free port, that it may stop and restart at will. */
export interface ThrowawayCluster {
  url: string;
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  start: () => Promise<void>;
  destroy: () => Promise<void>;
}

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions
    .map((version) => path.join(base, version, 'bin'))
    .find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!found) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql');
  return found;
}

/** PostgreSQL refuses to run as root: as root, run its tools as the postgres user. */
function asOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const bin = binDir();
  const dir = mkdtempSync('/tmp/db-api-cluster-');
  if (process.getuid?.() === 0) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=20`;
  const pgCtl = async (...args: string[]) => {
    const [command, full] = asOwner(path.join(bin, 'pg_ctl'), [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      ...args,
    ]);
    await run(command, full, { timeout: 30_000 });
  };
  const [initdb, initArgs] = asOwner(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  await run(initdb, initArgs, { timeout: 60_000 });
  await pgCtl('-o', serverOptions, '-w', 'start');
  let running = true;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: async () => {
      await pgCtl('-o', serverOptions, '-m', 'fast', '-w', 'restart');
      running = true;
    },
    stop: async () => {
      await pgCtl('-m', 'fast', '-w', 'stop');
      running = false;
    },
    start: async () => {
      await pgCtl('-o', serverOptions, '-w', 'start');
      running = true;
    },
    destroy: async () => {
      if (running) await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
