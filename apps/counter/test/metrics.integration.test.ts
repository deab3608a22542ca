import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCounter, uniqueNamespace, type RunningCounter } from './support/counter-app.js';

const redisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const namespace = uniqueNamespace('metrics');
const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
let counter: RunningCounter;

beforeAll(async () => {
  await admin.connect();
  counter = await startCounter({ REDIS_URL: redisUrl, COUNTER_NAMESPACE: namespace });
});
afterAll(async () => {
  await counter?.close();
  const keys = await admin.keys(`${namespace}:*`);
  if (keys.length > 0) await admin.del(...keys);
  await admin.quit();
});

function sample(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

async function scrape(): Promise<string> {
  return (await fetch(`${counter.url}/metrics`)).text();
}

describe('counter GET /metrics', () => {
  it('counts hits and the Redis commands behind them', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) expect((await fetch(counter.url)).status).toBe(200);
    // HEAD answers without counting.
    expect((await fetch(counter.url, { method: 'HEAD' })).status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'counter_hits_total')).toBe(sample(before, 'counter_hits_total') + 3);
    const incr = 'redis_commands_total{command="incr",outcome="ok"}';
    expect(sample(after, incr)).toBe(sample(before, incr) + 3);
    expect(
      sample(after, 'http_server_request_duration_seconds_count{method="GET",route="/",status_code="200"}'),
    ).toBeGreaterThanOrEqual(3);
  });

  it('counts a failing command as an error', async () => {
    const series = 'redis_commands_total{command="hget",outcome="error"}';
    const before = sample(await scrape(), series);
    await counter.redis.set(`${namespace}:plain-string`, 'x');
    await expect(counter.redis.hget(`${namespace}:plain-string`, 'field')).rejects.toThrow(/WRONGTYPE/);
    expect(sample(await scrape(), series)).toBe(before + 1);
  });
});
