import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { freePort, waitFor } from '@platform/http/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basesOf } from '../image/bases.mjs';
import { buildImage } from '../image/build.mjs';
import { deployRoot } from './support/paths.js';
import { answers } from './support/answers.js';
import {
  healthcheck,
  podman,
  podmanOk,
  removeContainer,
  startContainer,
  stopContainer,
} from './support/podman.js';

// Real images of two apps, built from deploy/Dockerfile with buildah (bases assembled locally the
// first time, a few minutes; then reused), run under podman as the k8s manifests run them.
const VERSION = 'test';
const HTTP_APP = 'counter';
const GRPC_APP = 'grpc-backend';
const { nodeVersion } = basesOf(readFileSync(path.join(deployRoot, 'Dockerfile'), 'utf8'));
const containers: string[] = [];
const log = (line: string) => {
  if (!line.startsWith('  ')) console.log(`[image] ${line}`);
};

function containerName(app: string): string {
  const name = `platform-test-${app}-${process.pid}-${containers.length}`;
  containers.push(name);
  return name;
}

function folderSize(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) total += folderSize(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}

/** Runs Node inside a running container; resolves to what it printed, or its error output. */
async function nodeIn(name: string, script: string): Promise<string> {
  const result = await podman(['exec', name, '/nodejs/bin/node', '-e', script]);
  return result.code === 0 ? result.stdout.trim() : `exit ${result.code}: ${result.stderr}`;
}

beforeAll(async () => {
  for (const app of [HTTP_APP, GRPC_APP]) {
    await buildImage({ app, version: VERSION, builder: 'buildah', log });
  }
}, 1_500_000);

afterAll(async () => {
  await Promise.all(containers.map((name) => removeContainer(name)));
});

describe('the images built from deploy/Dockerfile', () => {
  it('are named platform/<app>:<version>, run as nonroot on every interface with a HEALTHCHECK, on Node LTS', async () => {
    const [image] = JSON.parse(await podmanOk(['image', 'inspect', `platform/${HTTP_APP}:${VERSION}`])) as [
      {
        Config: { User: string; Env: string[]; Cmd: string[]; Entrypoint: string[]; WorkingDir: string };
        Healthcheck?: { Test: string[]; Interval: number; Timeout: number };
      },
    ];
    expect(image.Config.User).toBe('nonroot');
    expect(image.Config.Env).toEqual(
      expect.arrayContaining(['HOST=0.0.0.0', 'NODE_ENV=production', 'ENVIRONMENT=production']),
    );
    expect(image.Config.Entrypoint).toEqual(['/nodejs/bin/node']);
    expect(image.Config.Cmd).toEqual(['dist/main.js']);
    expect(image.Config.WorkingDir).toBe(`/app/apps/${HTTP_APP}`);
    expect(image.Healthcheck).toMatchObject({
      Test: ['CMD', '/nodejs/bin/node', '/app/healthcheck.mjs'],
      Interval: 15e9,
      Timeout: 3e9,
    });
    const major = Number(nodeVersion.split('.')[0]);
    // Even majors become LTS; 22 and 24 are the supported ones now.
    expect(major % 2 === 0 && major >= 22, `Node ${nodeVersion}`).toBe(true);
  });

  it('ship the build output and production dependencies of the app and its libs only, and no shell', async () => {
    const root = (await podmanOk(['image', 'mount', `platform/${HTTP_APP}:${VERSION}`])).trim();
    try {
      const app = path.join(root, 'app');
      const modules = path.join(app, 'node_modules');
      expect(existsSync(path.join(app, 'apps', HTTP_APP, 'dist', 'main.js'))).toBe(true);
      expect(existsSync(path.join(app, 'apps', HTTP_APP, 'src'))).toBe(false);
      expect(existsSync(path.join(app, 'libs', 'http', 'dist', 'index.js'))).toBe(true);
      expect(existsSync(path.join(app, 'libs', 'http', 'src'))).toBe(false);
      // Not a dependency of the counter, so not in its image.
      expect(existsSync(path.join(app, 'libs', 'auth'))).toBe(false);
      for (const devOnly of ['vitest', 'typescript', 'nx', 'tsx', 'eslint', '@types/node']) {
        expect(existsSync(path.join(modules, devOnly)), devOnly).toBe(false);
      }
      expect(existsSync(path.join(modules, 'ioredis'))).toBe(true);
      expect(readdirSync(path.join(app, 'apps'))).toEqual([HTTP_APP]);
      expect(existsSync(path.join(app, 'package-lock.json'))).toBe(false);
      // The app, its libs and their runtime packages (no toolchain).
      expect(folderSize(app)).toBeLessThan(80 * 1024 * 1024);
      for (const shell of ['bin/sh', 'bin/bash', 'usr/bin/sh', 'usr/bin/apt']) {
        expect(existsSync(path.join(root, shell)), shell).toBe(false);
      }
    } finally {
      await podman(['image', 'unmount', `platform/${HTTP_APP}:${VERSION}`]);
    }
  });

  it(`run ${HTTP_APP} non-root on a read-only root: HEALTHCHECK and /healthz pass, SIGTERM stops it cleanly`, async () => {
    const name = containerName(HTTP_APP);
    const port = String(await freePort());
    // Loopback instead of the image's 0.0.0.0: the container shares this machine's network.
    await startContainer(name, `platform/${HTTP_APP}:${VERSION}`, {
      HOST: '127.0.0.1',
      PORT: port,
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
    });
    await waitFor('the HEALTHCHECK', async () => (await healthcheck(name)) === 0, { timeoutMs: 60_000 });
    expect(await answers(`http://127.0.0.1:${port}/healthz`)).toBe(true);
    expect(await answers(`http://127.0.0.1:${port}/readyz`)).toBe(true);
    expect(await nodeIn(name, 'console.log(process.version, process.getuid())')).toBe(
      `v${nodeVersion} 65532`,
    );
    expect(
      await nodeIn(
        name,
        "try { require('fs').writeFileSync('/app/x', '') } catch (e) { console.log(e.code) }",
      ),
    ).toBe('EROFS');
    expect(await nodeIn(name, "require('fs').writeFileSync('/tmp/x', 'ok'); console.log('written')")).toBe(
      'written',
    );
    expect((await podman(['exec', name, '/bin/sh', '-c', 'true'])).code).not.toBe(0);

    expect(await stopContainer(name)).toBe(0);
    const logs = await podmanOk(['logs', name]);
    expect(logs).toContain('"service.environment":"production"');
    expect(logs).toContain('Shutting down (SIGTERM)');
    expect(logs).toContain('counter stopped');
    await expect(answers(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it(`run ${GRPC_APP}: the HEALTHCHECK asks grpc.health.v1 on its gRPC port, /healthz answers, SIGTERM stops it cleanly`, async () => {
    const name = containerName(GRPC_APP);
    const grpcPort = String(await freePort());
    const httpPort = String(await freePort());
    await startContainer(name, `platform/${GRPC_APP}:${VERSION}`, {
      HOST: '127.0.0.1',
      BACKEND_PORT: grpcPort,
      PORT: httpPort,
      BEARER: 'b'.repeat(32),
      HEALTHCHECK_URL: `grpc://127.0.0.1:${grpcPort}`,
    });
    await waitFor('the gRPC HEALTHCHECK', async () => (await healthcheck(name)) === 0, { timeoutMs: 60_000 });
    expect(await answers(`http://127.0.0.1:${httpPort}/healthz`)).toBe(true);
    // The HTTP port does not speak gRPC: the same check must fail there.
    const wrongPort = await podman([
      'exec',
      '--env',
      `HEALTHCHECK_URL=grpc://127.0.0.1:${httpPort}`,
      '--env',
      'HEALTHCHECK_TIMEOUT_MS=1000',
      name,
      '/nodejs/bin/node',
      '/app/healthcheck.mjs',
    ]);
    expect(wrongPort.code).not.toBe(0);

    expect(await stopContainer(name)).toBe(0);
    expect(await podmanOk(['logs', name])).toContain('Shutting down (SIGTERM)');
    expect(await healthcheck(name)).not.toBe(0);
  });
});
