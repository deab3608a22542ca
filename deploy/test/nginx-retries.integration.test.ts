import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '@platform/http/testing';
import { localUpstreamServers, nginxPrefix } from './support/compose-file.js';
import { startFailingUpstream, type Failure, type FailingUpstream } from './support/failing-upstream.js';
import { layOutNginx, startNginx } from './support/nginx.js';

// Debian's nginx with deploy/nginx in front of two upstreams that read every
// request and then fail it on purpose (a 502 or 503 answer, or a reset). A
// request that changes state must reach one of them only: a second replica
// would count the hit, spend the code or run the action again.

const failures: Failure[] = ['status-502', 'status-503', 'reset'];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** nginx with the app's template, its upstream being these addresses; returns its URL. */
async function nginxFor(app: string, addresses: readonly string[]): Promise<string> {
  const prefix = mkdtempSync(path.join(tmpdir(), 'deploy-nginx-retries-'));
  const listen = await freePort();
  const url = `http://127.0.0.1:${listen}`;
  const variable = nginxPrefix(app);
  layOutNginx({
    prefix,
    templates: [`${app}.conf`],
    env: {
      ENVIRONMENT: 'test',
      NGINX_RESOLVER: '127.0.0.1',
      [`${variable}_LISTEN`]: `127.0.0.1:${listen}`,
      [`${variable}_SERVERS`]: localUpstreamServers(app, addresses),
    },
  });
  const nginx = await startNginx(prefix, `${url}/health`);
  cleanups.push(async () => {
    await nginx.stop();
    rmSync(prefix, { recursive: true, force: true });
  });
  return url;
}

async function failingPair(failure: Failure, okPaths: readonly string[] = []): Promise<FailingUpstream[]> {
  const pair = [await startFailingUpstream(failure, okPaths), await startFailingUpstream(failure, okPaths)];
  cleanups.push(async () => {
    await Promise.all(pair.map((upstream) => upstream.close()));
  });
  return pair;
}

function receivedBy(upstreams: readonly FailingUpstream[]): string[] {
  return upstreams.flatMap((upstream) => upstream.received);
}

async function send(url: string, method: string, body?: string): Promise<number> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body }),
    signal: AbortSignal.timeout(15_000),
  });
  await response.arrayBuffer();
  return response.status;
}

/** What the client is told when the one upstream that got the request failed it. */
function expectedStatus(failure: Failure): number {
  return failure === 'status-503' ? 503 : 502;
}

const stateChanging = [
  { app: 'counter', method: 'GET', path: '/', why: 'counts a hit' },
  { app: 'counter', method: 'POST', path: '/', why: 'is not a read' },
  { app: 'totp', method: 'GET', path: '/check/123456', why: 'spends a one-time code' },
  { app: 'totp', method: 'POST', path: '/accounts', body: '{"label":"a"}', why: 'enrolls' },
  { app: 'db-api', method: 'POST', path: '/example/foo', body: '{"name":"a"}', why: 'runs an action' },
  { app: 'db-api', method: 'PATCH', path: '/example/foo', body: '{"name":"a"}', why: 'is not a read' },
  { app: 'db-api', method: 'PUT', path: '/example/foo', body: '{"name":"a"}', why: 'may not be idempotent' },
  { app: 'db-api', method: 'DELETE', path: '/example/foo', why: 'may not be idempotent' },
] as const;

describe('nginx never sends a request that changes state to a second replica', () => {
  describe.each(failures)('when the first replica fails it with %s', (failure) => {
    it.each(stateChanging)('$app: $method $path ($why)', async (request) => {
      const upstreams = await failingPair(failure);
      const url = await nginxFor(
        request.app,
        upstreams.map((upstream) => upstream.address),
      );
      const body = 'body' in request ? request.body : undefined;
      const status = await send(`${url}${request.path}`, request.method, body);
      expect(receivedBy(upstreams)).toEqual([`${request.method} ${request.path}`]);
      expect(status).toBe(expectedStatus(failure));
    });
  });

  it('still passes a POST to the next replica when the first refused the connection (nothing was sent)', async () => {
    const [working] = await failingPair('status-502', ['/example/foo']);
    const refusing = `127.0.0.1:${await freePort()}`;
    const url = await nginxFor('db-api', [refusing, working?.address ?? '']);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect(await send(`${url}/example/foo`, 'POST', '{"name":"a"}')).toBe(200);
    }
    expect(working?.received).toEqual(Array(4).fill('POST /example/foo'));
  });
});

describe('nginx still retries a read on the next replica', () => {
  it.each(failures)('db-api: GET /openapi.json after %s', async (failure) => {
    const upstreams = await failingPair(failure);
    const url = await nginxFor(
      'db-api',
      upstreams.map((upstream) => upstream.address),
    );
    await send(`${url}/openapi.json`, 'GET');
    expect(receivedBy(upstreams)).toEqual(['GET /openapi.json', 'GET /openapi.json']);
  });
});
