import { createTestDatabase, type TestDatabase } from '@platform/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateTestDatabase, startApp, type StartedApp } from './support/start-app.js';

let testDb: TestDatabase;
let app: StartedApp;

beforeAll(async () => {
  testDb = await createTestDatabase({ prefix: 'db_api' });
  await migrateTestDatabase(testDb.url);
  app = await startApp({ url: testDb.url });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${app.base}/metrics`);
  expect(response.status).toBe(200);
  return response.text();
}

function sample(text: string, series: string): number {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('db-api GET /metrics', () => {
  it('counts actions by module, action and outcome, with their duration', async () => {
    const ok = 'db_api_actions_total{module="example",action="users",outcome="ok"}';
    const invalid = 'db_api_actions_total{module="example",action="users",outcome="VALIDATION_FAILED"}';
    const before = await scrape();
    expect((await app.post('/example/users', { name: 'nobody-here' })).status).toBe(200);
    expect((await app.post('/example/users', { name: 'x'.repeat(500) })).status).toBe(400);
    const after = await scrape();
    expect(sample(after, ok)).toBe(sample(before, ok) + 1);
    expect(sample(after, invalid)).toBe(sample(before, invalid) + 1);
    expect(
      sample(after, 'db_api_action_duration_seconds_count{module="example",action="users"}'),
    ).toBeGreaterThanOrEqual(2);
    expect(
      sample(
        after,
        'http_server_request_duration_seconds_count{method="POST",route="/example/users",status_code="400"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it('shows the pool: connections by state and the time to acquire one, by database name', async () => {
    await app.post('/example/users', { name: 'pool' });
    const text = await scrape();
    expect(sample(text, 'db_pool_connections{database="default",state="total"}')).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^db_pool_connections\{database="default",state="idle"\} \d+$/m);
    expect(text).toMatch(/^db_pool_connections\{database="default",state="waiting"\} 0$/m);
    expect(sample(text, 'db_pool_acquire_seconds_count{database="default"}')).toBeGreaterThanOrEqual(1);
  });
});
