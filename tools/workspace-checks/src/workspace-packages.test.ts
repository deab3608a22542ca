import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readWorkspacePackages } from './workspace-packages.js';

let root: string;

function write(file: string, content: object): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), JSON.stringify(content));
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'workspace-packages-'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('readWorkspacePackages', () => {
  it('reads every package the workspaces name, with the workspace packages each depends on', () => {
    write('package.json', { name: 'root', workspaces: ['libs/*', 'apps/*', 'deploy'] });
    write('libs/errors/package.json', { name: '@x/errors' });
    write('libs/auth/package.json', { name: '@x/auth', dependencies: { '@x/errors': '*', zod: '^4' } });
    write('apps/web/package.json', {
      name: '@x/web',
      dependencies: { '@x/auth': '*', express: '^5' },
      devDependencies: { '@x/errors': '*' },
    });
    write('deploy/package.json', { name: '@x/deploy', peerDependencies: { '@x/web': '*' } });
    mkdirSync(path.join(root, 'libs', 'not-a-package'));

    expect(readWorkspacePackages(root)).toEqual([
      { root: 'libs/auth', name: '@x/auth', projectName: '@x/auth', dependsOn: ['@x/errors'] },
      { root: 'libs/errors', name: '@x/errors', projectName: '@x/errors', dependsOn: [] },
      { root: 'apps/web', name: '@x/web', projectName: '@x/web', dependsOn: ['@x/auth', '@x/errors'] },
      { root: 'deploy', name: '@x/deploy', projectName: '@x/deploy', dependsOn: ['@x/web'] },
    ]);
  });

  it('follows Nx project names and implicit dependencies, and drops negated ones', () => {
    write('package.json', { name: 'root', workspaces: ['pkgs/*'] });
    write('pkgs/backend/package.json', { name: '@x/backend', nx: { name: 'backend' } });
    write('pkgs/auth/package.json', { name: '@x/auth', nx: { name: 'auth' } });
    write('pkgs/frontend/package.json', {
      name: '@x/frontend',
      dependencies: { '@x/auth': '*' },
      nx: { implicitDependencies: ['backend', '!auth'] },
    });

    const frontend = readWorkspacePackages(root).find((p) => p.name === '@x/frontend');
    expect(frontend).toEqual({
      root: 'pkgs/frontend',
      name: '@x/frontend',
      projectName: '@x/frontend',
      dependsOn: ['@x/backend'],
    });
    expect(readWorkspacePackages(root).find((p) => p.name === '@x/auth')?.projectName).toBe('auth');
  });

  it('refuses a workspace pattern it cannot expand, with UNSUPPORTED_WORKSPACE_PATTERN', () => {
    write('package.json', { name: 'root', workspaces: ['packages/**'] });
    expect(() => readWorkspacePackages(root)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_WORKSPACE_PATTERN' }),
    );
  });
});
