import { describe, expect, it } from 'vitest';
import { fixtureResults } from '../test/fixture-results.js';
import { renderMarkdown } from './render-markdown.js';

describe('renderMarkdown', () => {
  const markdown = renderMarkdown(fixtureResults());
  const lines = markdown.split('\n');
  const rowOf = (start: string) => lines.find((line) => line.startsWith(`| ${start}`));

  it('names the machine, the Node version, the date and the load settings', () => {
    expect(markdown).toContain('2026-11-30T12:00:00.000Z');
    expect(markdown).toContain('2 × Test CPU <fast> & "quoted"');
    expect(markdown).toContain('Node v20.19.5');
    expect(markdown).toContain(
      '16 keep-alive connections, 5 s per measurement, median of 3 interleaved rounds',
    );
  });

  it('has a row per target with its goal, the measured ratio and pass or fail', () => {
    expect(rowOf('db-api POST /example/foo')).toBe(
      '| db-api POST /example/foo / express route, same work | ≥ 80% | 85% | 87% | pass |',
    );
    expect(rowOf('db-api POST /example/bar')).toContain('| 40% | – | **fail** |');
    expect(rowOf('db-api POST /example/users')).toContain('| not measured |  | not measured |');
    expect(rowOf('counter GET /, 2 workers')).toContain('| ≥ 2.00× | 3.00× | 3.33× | pass |');
    expect(markdown).toContain('5 of 9 measured targets met; 7 not measured.');
  });

  it('lists the measured rows of each app with req/s and CPU per request', () => {
    expect(rowOf('express foo')).toBe('| express foo | 8,000 | 7.50 | 130 |');
    expect(rowOf('pgbench bar')).toBe('| pgbench bar | 6,000 | 5.00 | – |');
  });

  it('shows gRPC against REST by payload size, memory runs with growth flagged, and start-up samples', () => {
    expect(rowOf('100,000')).toBe('| 100,000 | 5.6 | 158.800 | 1,774,828 | 24.8 | 48.100 | 3,278,901 |');
    expect(rowOf('counter | GET / | 60')).toBe(
      '| counter | GET / | 60.0 | 66.0 | 72.0 | 20.0% | **growing** |',
    );
    expect(rowOf('db-api | POST /example/foo')).toMatch(/\| 1\.3% \| {2}\|$/);
    expect(rowOf('totp | 600')).toBe('| totp | 600, 620, 610, 590, 640 | 610 | **fail** |');
  });

  it('reports what tracing costs side by side and what metrics cost per request', () => {
    expect(rowOf('counter | GET / | 20,000')).toBe(
      '| counter | GET / | 20,000 | 22,500 | 90.0% | 48.3 | 42.5 | 5.8 |',
    );
    expect(markdown).toContain('take 61 ns of CPU');
  });

  it('names the steps that failed', () => {
    expect(markdown).toContain('- totp benchmark: wrk exited with 1');
  });

  it('keeps every table row with as many cells as its header', () => {
    let columns = 0;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        columns = 0;
        continue;
      }
      const count = line.split(/(?<!\\)\|/).length - 2;
      if (columns === 0) columns = count;
      expect(count, line).toBe(columns);
    }
  });
});

describe('renderMarkdown of a partial run', () => {
  it('says a section was not measured instead of an empty table', () => {
    const markdown = renderMarkdown({
      ...fixtureResults(),
      apps: [],
      seed: [],
      memory: [],
      startup: [],
      observability: [],
    });
    expect(markdown.match(/_Not measured in this run\._/g)).toHaveLength(5);
    expect(markdown).not.toContain('| app | load |');
  });
});
