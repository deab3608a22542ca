import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintWorkflow } from '../src/lint-workflow.js';
import { workspaceRoot } from './support/workspace-root.js';

const workflowDir = path.join(workspaceRoot, '.github', 'workflows');
const workflows = readdirSync(workflowDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => ({
    file: `.github/workflows/${name}`,
    source: readFileSync(path.join(workflowDir, name), 'utf8'),
  }));
const ci = workflows.find(({ file }) => file === '.github/workflows/ci.yml');

/** The targets of every `nx affected` / `nx run-many` command in a workflow, one list per command. */
function nxTargetLists(source: string): { command: string; targets: string[] }[] {
  return [...source.matchAll(/npx nx (affected|run-many) -t ((?:[\w:-]+ ?)+)/g)].map((match) => ({
    command: match[1] ?? '',
    targets: (match[2] ?? '').trim().split(' '),
  }));
}

describe('GitHub Actions workflows', () => {
  it('pass actionlint, every one of them', async () => {
    expect(workflows.map(({ file }) => file)).toContain('.github/workflows/ci.yml');
    const findings = (
      await Promise.all(workflows.map(({ source, file }) => lintWorkflow(source, file)))
    ).flat();
    expect(findings.map(formatFinding)).toEqual([]);
  }, 60_000);

  it('run the same Nx targets on pull requests (affected) as on main (every project)', () => {
    const lists = nxTargetLists(ci?.source ?? '');
    expect(lists.map(({ command }) => command).sort()).toEqual(['affected', 'run-many']);
    const [first, second] = lists;
    expect(first?.targets).toEqual(second?.targets);
    expect(first?.targets).toEqual(
      expect.arrayContaining(['lint', 'typecheck', 'test', 'test:integration', 'build']),
    );
  });

  it('call only npm scripts the root package.json has', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(workspaceRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const called = [...(ci?.source ?? '').matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1] ?? '');
    expect(called.length).toBeGreaterThan(0);
    expect(called.filter((name) => !(name in scripts))).toEqual([]);
  });
});
