import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, freePort, serve, waitForOk, type WorkspaceCopy } from './support/workspace-copy.js';

let copy: WorkspaceCopy;
const generated: Record<string, { code: number | null; stdout: string; stderr: string }> = {};

beforeAll(async () => {
  copy = copyWorkspace();
  for (const kind of ['http', 'grpc', 'job']) {
    generated[kind] = await copy.run('npx', [
      'nx',
      'g',
      '@platform/plugin:service',
      `demo-${kind}`,
      `--kind=${kind}`,
      '--skipInstall',
    ]);
  }
});

afterAll(() => copy?.remove());

const read = (file: string) => readFileSync(path.join(copy.root, file), 'utf8');

describe('nx g @platform/plugin:service', () => {
  it('generates an http, a grpc and a job app on the next free ports', () => {
    for (const [kind, result] of Object.entries(generated))
      expect(result.code, `${kind}: ${result.stderr}`).toBe(0);
    expect(JSON.parse(read('apps/demo-http/package.json')).platform).toEqual({ port: 8060 });
    expect(JSON.parse(read('apps/demo-grpc/package.json')).platform).toEqual({
      port: 8070,
      env: { GRPC_PORT: '50052' },
    });
    expect(JSON.parse(read('apps/demo-job/package.json')).platform).toEqual({ run: 'once', args: ['World'] });
  });

  it('generates projects that pass lint, typecheck, test and build as they are', async () => {
    const result = await copy.run('npx', [
      'nx',
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'test',
      'build',
      '-p',
      'demo-http',
      'demo-grpc',
      'demo-job',
      '--output-style=static',
    ]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(existsSync(path.join(copy.root, 'apps/demo-grpc/dist/main.js'))).toBe(true);
  });

  it('keeps the Kubernetes manifests valid with every new app deployed', async () => {
    const result = await copy.run(
      'npx',
      ['vitest', 'run', '--mode', 'integration', 'test/k8s.integration.test.ts'],
      {
        cwd: 'deploy',
      },
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it.each(['http', 'grpc'])(
    'serves the %s service with nx serve: /healthz answers, /echo takes the local token',
    async (kind) => {
      const port = await freePort();
      const server = serve(copy, `demo-${kind}`, { PORT: String(port), GRPC_PORT: String(await freePort()) });
      try {
        const response = await waitForOk(`http://127.0.0.1:${port}/healthz`, 120_000, server.output);
        expect(await response.json()).toEqual({ status: 'ok' });
        const root = await fetch(`http://127.0.0.1:${port}/`);
        expect(await root.json()).toEqual({ service: `demo-${kind}` });
        // serve reads this clone's local secrets: the protected route takes its token.
        const token = /^BEARER=(.+)$/m.exec(read('.platform/local-secrets.env'))?.[1];
        const echo = await fetch(`http://127.0.0.1:${port}/echo`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'hi' }),
        });
        expect(await echo.json()).toEqual({ message: 'hi' });
        if (kind === 'grpc')
          expect(server.output()).toMatch(/demo-grpc listening on grpc:\/\/127\.0\.0\.1:\d+/);
      } finally {
        await server.stop();
      }
    },
  );

  it('runs the job once from its build with exit codes 0 and 2', async () => {
    const done = await copy.run('node', ['dist/main.js', 'Ada'], { cwd: 'apps/demo-job' });
    expect(done).toMatchObject({ code: 0, stdout: 'Hello Ada\n' });
    const usage = await copy.run('node', ['dist/main.js'], { cwd: 'apps/demo-job' });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('usage: demo-job <name>');
  });

  it('refuses a taken port with a clear message and writes nothing', async () => {
    const compose = read('deploy/compose/docker-compose.yml');
    const result = await copy.run('npx', [
      'nx',
      'g',
      '@platform/plugin:service',
      'late',
      '--port=8060',
      '--skipInstall',
    ]);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('Port 8060 (--port) is taken by apps/demo-http');
    expect(existsSync(path.join(copy.root, 'apps/late'))).toBe(false);
    expect(read('deploy/compose/docker-compose.yml')).toBe(compose);
  });
});
