import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCommand } from '../../src/run-command.js';
import { workspaceRoot } from './workspace-root.js';

/** A commit on top of HEAD that exists only in a scratch object store, and the git environment that sees it. */
export interface TemporaryCommit {
  base: string;
  head: string;
  /** GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES: give them to any process that must read `head`. */
  gitEnv: NodeJS.ProcessEnv;
  remove: () => void;
}

/**
 * Commits HEAD plus a line appended to `file`, writing objects to a scratch folder only:
 * the repository, its index and the work tree stay untouched.
 */
export async function commitAppending(file: string, line: string): Promise<TemporaryCommit> {
  const git = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
    runCommand('git', args, {
      cwd: workspaceRoot,
      env: { ...process.env, ...env },
      ...(input === undefined ? {} : { input }),
    }).then((output) => output.trim());

  const commonDir = await git(['rev-parse', '--path-format=absolute', '--git-common-dir'], {});
  const scratch = mkdtempSync(path.join(tmpdir(), 'temporary-commit-'));
  // git takes a repository whose object folder is missing for no repository at all.
  mkdirSync(path.join(scratch, 'objects'));
  const gitEnv = {
    GIT_OBJECT_DIRECTORY: path.join(scratch, 'objects'),
    GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(commonDir, 'objects'),
  };
  const env = {
    ...gitEnv,
    GIT_INDEX_FILE: path.join(scratch, 'index'),
    GIT_AUTHOR_NAME: 'workspace-checks',
    GIT_AUTHOR_EMAIL: 'workspace-checks@localhost',
    GIT_COMMITTER_NAME: 'workspace-checks',
    GIT_COMMITTER_EMAIL: 'workspace-checks@localhost',
  };
  try {
    const base = await git(['rev-parse', 'HEAD'], env);
    const original = await git(['cat-file', 'blob', `HEAD:${file}`], env);
    const blob = await git(['hash-object', '-w', '--stdin'], env, `${original}\n${line}\n`);
    await git(['read-tree', 'HEAD'], env);
    await git(['update-index', '--cacheinfo', `100644,${blob},${file}`], env);
    const tree = await git(['write-tree'], env);
    const head = await git(['commit-tree', tree, '-p', base, '-m', `Touch ${file}`], env);
    return { base, head, gitEnv, remove: () => rmSync(scratch, { recursive: true, force: true }) };
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
