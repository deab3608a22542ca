import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildLikeDocker,
  runHealthcheck,
  startImage,
  type ImageConfig,
} from '../image/build-like-docker.mjs';
import { parseDockerfile } from '../image/dockerfile.mjs';
import { freePort } from './support/free-port.js';
import { deployRoot, repoRoot } from './support/paths.js';
import { answers, waitFor } from './support/wait-for.js';

// The image build of one app, emulated from deploy/Dockerfile (no Docker engine
// here), then the app started from the result as the container would start it.
const APP = 'counter';

let workDir: string;
let image: ImageConfig;
const started: ChildProcess[] = [];

function folderSize(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += folderSize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

async function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exit = once(child, 'exit');
  child.kill('SIGTERM');
  const [code] = (await exit) as [number | null];
  return code;
}

beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'deploy-image-'));
  image = await buildLikeDocker({ repo: repoRoot, workDir, buildArgs: { APP } });
});

afterAll(async () => {
  await Promise.all(started.map((child) => stopped(child).catch(() => child.kill('SIGKILL'))));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('deploy/Dockerfile', () => {
  it('ends in a non-root runtime image that listens on every interface and checks its health', () => {
    const { stages } = parseDockerfile(readFileSync(path.join(deployRoot, 'Dockerfile'), 'utf8'));
    expect(stages.map((stage) => stage.name)).toEqual(['manifests', 'build', 'runtime']);
    expect(image.user).toBe('nonroot');
    expect(image.env).toMatchObject({ HOST: '0.0.0.0', NODE_ENV: 'production', ENVIRONMENT: 'production' });
    expect(image.healthcheck?.command).toEqual(['/nodejs/bin/node', '/app/healthcheck.mjs']);
    expect(image.workdir).toBe(`/app/apps/${APP}`);
    expect(image.cmd).toEqual(['dist/main.js']);
  });

  it('ships the build output and production dependencies of the app and its libs only', () => {
    const app = path.join(image.root, 'app');
    const modules = path.join(app, 'node_modules');
    expect(existsSync(path.join(app, 'apps', APP, 'dist', 'main.js'))).toBe(true);
    expect(existsSync(path.join(app, 'apps', APP, 'src'))).toBe(false);
    expect(existsSync(path.join(app, 'libs', 'http', 'dist', 'index.js'))).toBe(true);
    expect(existsSync(path.join(app, 'libs', 'http', 'src'))).toBe(false);
    // Not a dependency of the counter, so not in its image.
    expect(existsSync(path.join(app, 'libs', 'auth'))).toBe(false);
    for (const devOnly of ['vitest', 'typescript', 'nx', 'tsx', 'eslint', '@types/node']) {
      expect(existsSync(path.join(modules, devOnly)), devOnly).toBe(false);
    }
    expect(existsSync(path.join(modules, 'ioredis'))).toBe(true);
    expect(readdirSync(path.join(app, 'apps'))).toEqual([APP]);
    // Small: the app, its libs and their runtime packages (no toolchain); the base image adds ~40 MB.
    expect(folderSize(app)).toBeLessThan(80 * 1024 * 1024);
  });

  it('starts the app from the image, which its HEALTHCHECK and /healthz report healthy', async () => {
    const port = String(await freePort());
    // Loopback instead of the image's 0.0.0.0: this is a shared machine, not a container.
    const env = { HOST: '127.0.0.1', PORT: port, REDIS_HOST: '127.0.0.1', REDIS_PORT: '6379' };
    expect(await runHealthcheck(image, env)).not.toBe(0);
    const child = startImage(image, env);
    started.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor('the image HEALTHCHECK', async () => (await runHealthcheck(image, env)) === 0, {
      abort: () => (child.exitCode === null ? undefined : `the app exited: ${output}`),
    });
    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe(true);
    expect(await answers(`http://127.0.0.1:${port}/readyz`)).toBe(true);
    expect(output).toContain('"service.environment":"production"');
    expect(await stopped(child)).toBe(0);
    expect(await runHealthcheck(image, env)).not.toBe(0);
  });
});

describe('the image healthcheck', () => {
  it('asks grpc.health.v1 when HEALTHCHECK_URL is grpc:// (the gRPC backend)', async () => {
    const grpcPort = String(await freePort());
    const httpPort = String(await freePort());
    const backend = spawn(process.execPath, ['dist/main.js'], {
      cwd: path.join(repoRoot, 'apps', 'grpc-backend'),
      env: {
        PATH: process.env['PATH'] ?? '',
        HOST: '127.0.0.1',
        BACKEND_PORT: grpcPort,
        PORT: httpPort,
        BEARER: 'b'.repeat(32),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    started.push(backend);
    const check = (target: string) =>
      runHealthcheck(image, { HEALTHCHECK_URL: target, HEALTHCHECK_TIMEOUT_MS: '1000' });
    await waitFor('the gRPC backend', async () => (await check(`grpc://127.0.0.1:${grpcPort}`)) === 0, {
      abort: () => (backend.exitCode === null ? undefined : 'the gRPC backend exited'),
    });
    // The HTTP port does not speak gRPC: the check must fail there.
    expect(await check(`grpc://127.0.0.1:${httpPort}`)).not.toBe(0);
    expect(await stopped(backend)).toBe(0);
    expect(await check(`grpc://127.0.0.1:${grpcPort}`)).not.toBe(0);
  });
});
