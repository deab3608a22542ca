import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../test/fixture-results.js';
import { judgeTargets } from './targets.js';

describe('judgeTargets', () => {
  const rows = judgeTargets(fixtureResults());
  const byId = (id: string) => rows.find((row) => row.id === id);

  it('passes a ratio at or above its goal and fails one below', () => {
    expect(byId('db-api-foo')).toMatchObject({ measured: '85%', detail: '87%', pass: true });
    expect(byId('db-api-bar')).toMatchObject({ measured: '40%', detail: '–', pass: false });
    expect(byId('seed-counter')).toMatchObject({ measured: '3.00×', goal: '≥ 2.00×', pass: true });
    expect(byId('seed-db-api-foo')).toMatchObject({ measured: '1.20×', pass: false });
  });

  it('reports a target whose step did not run as not measured, neither passed nor failed', () => {
    expect(byId('db-api-users')).toMatchObject({ measured: 'not measured', pass: undefined });
    expect(byId('memory-totp')?.pass).toBeUndefined();
  });

  it('flags memory growing by more than 10% from run 1 to run 3', () => {
    expect(byId('memory-db-api')).toMatchObject({ measured: '+1.3%', pass: true });
    expect(byId('memory-counter')).toMatchObject({
      measured: '+20.0%',
      detail: '60.0 / 66.0 / 72.0 MiB',
      pass: false,
    });
  });

  it('judges start-up on the median against half a second', () => {
    expect(byId('startup-db-api')).toMatchObject({ measured: '0.310 s', pass: true });
    expect(byId('startup-totp')).toMatchObject({ measured: '0.610 s', pass: false });
  });
});
