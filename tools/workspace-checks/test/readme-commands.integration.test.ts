import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandsOf, shellBlocks, type ShellBlock } from '../src/readme-blocks.js';
import { runBlock, runServerBlock } from './support/run-block.js';
import { workspaceRoot } from './support/workspace-root.js';

/** Every README of the workspace that git tracks, with its shell blocks. */
const readmes = execFileSync('git', ['ls-files', '--', 'README.md', '*/README.md'], {
  cwd: workspaceRoot,
  encoding: 'utf8',
})
  .split('\n')
  .filter(Boolean)
  .map((file) => ({ file, blocks: shellBlocks(readFileSync(path.join(workspaceRoot, file), 'utf8')) }));

const where = (file: string, block: ShellBlock): string => `${file}:${block.line}`;

describe('the READMEs', () => {
  it('mark every shell block as run, server or an example with its reason', () => {
    const unmarked = readmes.flatMap(({ file, blocks }) =>
      blocks
        .filter((block) => !block.mark)
        .map((block) => `${where(file, block)}: ${block.problem ?? 'no <!-- docs: … --> marker'}`),
    );
    expect(unmarked).toEqual([]);
    expect(readmes.flatMap(({ blocks }) => blocks).length).toBeGreaterThan(10);
  });
});

describe('the README commands marked to run, on a fresh copy of the workspace', () => {
  let copy: string;

  beforeAll(() => {
    // What a clone holds: the tracked files as they are in the working tree, then `npm ci`.
    copy = mkdtempSync(path.join(tmpdir(), 'readme-commands-'));
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: workspaceRoot, encoding: 'utf8' }).split(
      '\0',
    );
    for (const file of files.filter(Boolean)) {
      mkdirSync(path.join(copy, path.dirname(file)), { recursive: true });
      copyFileSync(path.join(workspaceRoot, file), path.join(copy, file));
    }
    execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: copy,
      stdio: 'ignore',
    });
  }, 600_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  const runnable = readmes.flatMap(({ file, blocks }) =>
    blocks.flatMap((block, index) => {
      if (block.mark?.kind !== 'run' && block.mark?.kind !== 'server') return [];
      const next = blocks[index + 1];
      return [{ file, block, client: next?.mark?.kind === 'with-server' ? next : undefined }];
    }),
  );

  it.each(runnable.map(({ file, block, client }) => [where(file, block), file, block, client] as const))(
    '%s works as written',
    async (_where, file, block, client) => {
      const script = commandsOf(block.code).join('\n');
      // Every README's commands run from the repository root, as they are written.
      const cwd = copy;
      if (block.mark?.kind === 'server') {
        const clientScript = client ? commandsOf(client.code).join('\n') : undefined;
        const run = await runServerBlock(script, cwd, new RegExp(block.mark.ready), 300_000, clientScript);
        expect(run.ready, run.output).toBe(true);
        if (client) expect(run.client?.code, `${where(file, client)}:\n${run.client?.output ?? ''}`).toBe(0);
      } else {
        const run = await runBlock(script, cwd, 300_000);
        expect(run.code, run.output).toBe(0);
      }
    },
    330_000,
  );
});
