import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCounter, uniqueNamespace, type RunningCounter } from '../test/support/counter-app.js';
import { get, hammer, hitsOf } from '../test/support/load.js';

// The shared Redis, under a namespace of this file's own; never flushed.
const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const namespace = uniqueNamespace('app');
const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
const env = { REDIS_URL: redisUrl, COUNTER_NAMESPACE: namespace };

let running: RunningCounter[] = [];
async function start(extra: Record<string, string> = {}): Promise<RunningCounter> {
  const counter = await startCounter({ ...env, ...extra });
  running.push(counter);
  return counter;
}

beforeAll(() => admin.connect());
afterEach(async () => {
  await Promise.all(running.map((counter) => counter.close()));
  running = [];
});
afterAll(async () => {
  const keys = await admin.keys(`${namespace}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

describe('GET /', () => {
  it('answers "Hits: N" as text/plain with the value INCR returned', async () => {
    const counter = await start({ COUNTER_KEY: 'plain' });
    await admin.set(counter.key, 41);
    const response = await fetch(counter.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('vary')).toMatch(/Accept/);
    expect(await response.text()).toBe('Hits: 42');
    expect(await admin.get(counter.key)).toBe('42');
  });

  it('answers {"hits": N} when the client asks for application/json', async () => {
    const counter = await start({ COUNTER_KEY: 'json' });
    const first = await fetch(counter.url, { headers: { accept: 'application/json' } });
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await first.json()).toEqual({ hits: 1 });
    const second = await fetch(counter.url, { headers: { accept: 'application/json, text/plain;q=0.5' } });
    expect(await second.json()).toEqual({ hits: 2 });
  });

  it('shows a readable page for Accept: text/html, as browsers send it', async () => {
    const counter = await start({ COUNTER_KEY: 'page' });
    await admin.set(counter.key, 6);
    const response = await fetch(counter.url, {
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const page = await response.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain('<title>Hits: 7</title>');
    expect(page).toContain('<output id="hits" aria-live="polite">7</output>');
    expect(page).toContain(`<code>${counter.key}</code>`);
  });

  it('answers 406 NOT_ACCEPTABLE, without counting, when no representation is acceptable', async () => {
    const counter = await start({ COUNTER_KEY: 'not-acceptable' });
    const response = await fetch(counter.url, { headers: { accept: 'image/png' } });
    expect(response.status).toBe(406);
    expect(await response.json()).toMatchObject({
      error: { code: 'NOT_ACCEPTABLE', available: ['text/plain', 'application/json', 'text/html'] },
    });
    expect(await admin.get(counter.key)).toBeNull();
  });

  it('does not count HEAD and refuses other methods with 405 METHOD_NOT_ALLOWED', async () => {
    const counter = await start({ COUNTER_KEY: 'methods' });
    const head = await fetch(counter.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toMatch(/^text\/plain/);
    const post = await fetch(counter.url, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    expect(await post.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    expect(await admin.get(counter.key)).toBeNull();
  });

  it('answers 500 COUNTER_REJECTED when the key holds something INCR cannot add to', async () => {
    const counter = await start({ COUNTER_KEY: 'wrong-type' });
    await admin.hset(counter.key, 'field', 'value');
    const response = await fetch(counter.url);
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      error: { code: 'COUNTER_REJECTED', redisCode: 'WRONGTYPE' },
    });
  });

  it('keeps counters of different namespaces or keys apart', async () => {
    const [one, other] = await Promise.all([
      start({ COUNTER_KEY: 'apart' }),
      start({ COUNTER_NAMESPACE: `${namespace}:other`, COUNTER_KEY: 'apart' }),
    ]);
    expect(one.key).not.toBe(other.key);
    expect((await get(one.url)).body).toBe('Hits: 1');
    expect((await get(one.url)).body).toBe('Hits: 2');
    expect((await get(other.url)).body).toBe('Hits: 1');
  });
});

describe('several instances sharing one Redis', () => {
  it('count exactly under concurrent load, every answer carrying a distinct number', async () => {
    const replicas = await Promise.all([start({ COUNTER_KEY: 'shared' }), start({ COUNTER_KEY: 'shared' })]);
    const key = replicas[0]!.key;
    await admin.set(key, 1_000);
    const total = 600;
    const answers = await hammer(
      replicas.map((replica) => replica.url),
      total,
      16,
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const hits = hitsOf(answers).sort((a, b) => a - b);
    expect(hits).toEqual(Array.from({ length: total }, (_, index) => 1_001 + index));
    expect(Number(await admin.get(key))).toBe(1_000 + total);
  });
});

describe('GET /readyz', () => {
  it('reports Redis ready when it answers', async () => {
    const counter = await start();
    const response = await fetch(`${counter.url}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', checks: { redis: 'ok' } });
  });
});
