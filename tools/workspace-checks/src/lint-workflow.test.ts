import { describe, expect, it } from 'vitest';
import { formatFinding, lintWorkflow } from './lint-workflow.js';

const valid = `name: ok
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - run: echo "\${{ github.sha }}"
`;

describe('lintWorkflow', () => {
  it('finds nothing in a valid workflow', async () => {
    expect(await lintWorkflow(valid, 'ok.yml')).toEqual([]);
  });

  it('reports a misspelt action input, an unknown context property and an unknown runner, with their places', async () => {
    const broken = valid
      .replace('fetch-depth', 'fetch-dept')
      .replace('github.sha', 'github.shaa')
      .replace('ubuntu-latest', 'ubuntu-lastest');
    const findings = await lintWorkflow(broken, 'broken.yml');

    expect(findings.map(({ kind, line }) => ({ kind, line }))).toEqual(
      expect.arrayContaining([
        { kind: 'runner-label', line: 5 },
        { kind: 'action', line: 9 },
        { kind: 'expression', line: 10 },
      ]),
    );
    expect(findings.every((finding) => finding.file === 'broken.yml')).toBe(true);
    expect(findings.find((finding) => finding.kind === 'action')?.message).toContain(
      '"fetch-dept" is not defined',
    );
  });

  it('reports a workflow that is not valid YAML', async () => {
    const findings = await lintWorkflow('on: [push\njobs: {}\n', 'bad.yml');
    expect(findings.length).toBeGreaterThan(0);
  });
});

describe('formatFinding', () => {
  it('prints file, line, column, message and rule as the actionlint command does', () => {
    expect(
      formatFinding({ file: 'ci.yml', line: 3, column: 7, kind: 'syntax-check', message: 'bad key' }),
    ).toBe('ci.yml:3:7: bad key [syntax-check]');
  });
});
