import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCounter, uniqueNamespace, type RunningCounter } from './support/counter-app.js';
import { get, hammer, hitsOf, type Answer } from './support/load.js';
import { OwnRedis, rawCommand } from './support/own-redis.js';

const COMMAND_TIMEOUT_MS = 400;
// Room for a loaded, shared CI machine on top of the bound itself.
const SLACK_MS = 1_000;

let redis: OwnRedis;
let running: RunningCounter[] = [];

beforeAll(async () => {
  redis = await OwnRedis.start();
});
afterEach(async () => {
  await Promise.all(running.map((counter) => counter.close()));
  running = [];
});
afterAll(async () => {
  await redis?.close();
});

async function start(extra: Record<string, string> = {}): Promise<RunningCounter> {
  const counter = await startCounter({
    REDIS_URL: redis.url,
    COUNTER_NAMESPACE: uniqueNamespace('outage'),
    REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    REDIS_RECONNECT_MAX_DELAY_MS: '200',
    ...extra,
  });
  running.push(counter);
  return counter;
}

async function readyz(url: string): Promise<{ status: number; body: { checks?: Record<string, string> } }> {
  const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(5_000) });
  return { status: response.status, body: (await response.json()) as { checks?: Record<string, string> } };
}

async function waitUntilReady(url: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await readyz(url)).status !== 200) {
    if (Date.now() > deadline) throw new Error('the counter did not become ready again');
    await sleep(50);
  }
}

function errorOf(answer: Answer): { code?: string; reason?: string; message?: string } {
  return (JSON.parse(answer.body) as { error: { code?: string; reason?: string; message?: string } }).error;
}

describe('Redis stopped mid-run', () => {
  it('answers 503 within the bound while it is down, is not ready, and counts on exactly once it is back', async () => {
    const counter = await start();
    const before = hitsOf(await hammer([counter.url], 100, 8)).sort((a, b) => a - b);
    expect(before).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));

    // Clients keep requesting while Redis shuts down under them.
    const during: Answer[] = [];
    let loading = true;
    const clients = Array.from({ length: 8 }, async () => {
      while (loading) during.push(await get(counter.url));
    });
    await sleep(100);
    await redis.stop();

    const down = await get(counter.url);
    expect(down.status).toBe(503);
    expect(down.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
    expect(errorOf(down)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'redis_unreachable' });
    expect(errorOf(down).message).toMatch(/cannot reach Redis/);
    const notReady = await readyz(counter.url);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks).toEqual({ redis: 'down' });

    await sleep(300);
    loading = false;
    await Promise.all(clients);
    expect(during.some((answer) => answer.status === 200)).toBe(true);
    expect(during.some((answer) => answer.status === 503)).toBe(true);
    for (const answer of during) {
      expect([200, 503]).toContain(answer.status);
      expect(answer.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
    }
    const servedDuring = hitsOf(during);
    expect(new Set([...before, ...servedDuring]).size).toBe(before.length + servedDuring.length);

    // Back, with the data SHUTDOWN SAVE kept; the app reconnects by itself.
    await redis.restart();
    await waitUntilReady(counter.url);
    const admin = await import('ioredis').then(({ Redis }) => new Redis(redis.url));
    try {
      const resumedFrom = Number(await admin.get(counter.key));
      expect(resumedFrom).toBeGreaterThanOrEqual(100 + servedDuring.length);
      const after = hitsOf(await hammer([counter.url], 100, 8)).sort((a, b) => a - b);
      expect(after).toEqual(Array.from({ length: 100 }, (_, index) => resumedFrom + index + 1));
      expect(Number(await admin.get(counter.key))).toBe(resumedFrom + 100);
    } finally {
      admin.disconnect();
    }

    const messages = counter.logs.map((line) => line['message']);
    expect(messages.filter((message) => String(message).startsWith('Redis unavailable'))).toHaveLength(1);
    expect(messages).toContain('Redis is back');
  });

  it('answers 503 at once when the Redis host cannot be reached at all', async () => {
    // A closed port: every attempt is refused, and nothing waits in a queue meanwhile.
    const counter = await start({ REDIS_URL: 'redis://127.0.0.1:1', REDIS_CONNECT_TIMEOUT_MS: '200' });
    const answers = await Promise.all(Array.from({ length: 20 }, () => get(counter.url)));
    for (const answer of answers) {
      expect(answer.status).toBe(503);
      expect(answer.ms).toBeLessThan(SLACK_MS);
    }
    expect(errorOf(answers[0]!)).toMatchObject({ code: 'SERVICE_UNAVAILABLE', reason: 'redis_unreachable' });
    expect((await readyz(counter.url)).status).toBe(503);
  });
});

describe('Redis too slow', () => {
  it('answers 503 when the command times out, then counts again once Redis answers', async () => {
    const counter = await start();
    expect((await get(counter.url)).body).toBe('Hits: 1');

    // Every client of this server waits, as behind a long-running command.
    // A pause ends by itself (an UNPAUSE would wait behind it too).
    expect(await rawCommand(redis.port, 'CLIENT PAUSE 1500 ALL')).toBe('+OK');
    const slow = await get(counter.url);
    expect(slow.status).toBe(503);
    expect(slow.ms).toBeGreaterThanOrEqual(COMMAND_TIMEOUT_MS - 1);
    expect(slow.ms).toBeLessThan(COMMAND_TIMEOUT_MS + SLACK_MS);
    expect(errorOf(slow)).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      reason: 'redis_timeout',
      message: `Redis did not answer within ${COMMAND_TIMEOUT_MS} ms; try again shortly`,
    });
    expect((await readyz(counter.url)).status).toBe(503);

    await waitUntilReady(counter.url);
    // The timed-out INCR was still waiting in Redis and counted once it ran: a 503 after a timeout may have counted.
    expect((await get(counter.url)).body).toBe('Hits: 3');
  });
});
