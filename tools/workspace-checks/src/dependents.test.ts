import { describe, expect, it } from 'vitest';
import { dependentsOf } from './dependents.js';
import { WorkspaceCheckError } from './workspace-check-error.js';
import type { WorkspacePackage } from './workspace-packages.js';

function pkg(name: string, dependsOn: string[] = []): WorkspacePackage {
  return { root: `pkgs/${name}`, name, projectName: name, dependsOn };
}

const packages = [
  pkg('errors'),
  pkg('auth', ['errors']),
  pkg('proto'),
  pkg('client', ['proto', 'errors']),
  pkg('api', ['auth']),
  pkg('gateway', ['client', 'api']),
  pkg('hello', ['errors']),
];

describe('dependentsOf', () => {
  it('returns the package and every package that reaches it through others', () => {
    expect(dependentsOf(packages, 'auth').map((p) => p.name)).toEqual(['auth', 'api', 'gateway']);
    expect(dependentsOf(packages, 'proto').map((p) => p.name)).toEqual(['proto', 'client', 'gateway']);
  });

  it('returns everything for a package all others depend on, and only itself for a leaf', () => {
    expect(dependentsOf(packages, 'errors').map((p) => p.name)).toEqual([
      'errors',
      'auth',
      'client',
      'api',
      'gateway',
      'hello',
    ]);
    expect(dependentsOf(packages, 'gateway').map((p) => p.name)).toEqual(['gateway']);
  });

  it('ends on a dependency cycle', () => {
    const cyclic = [pkg('a', ['b']), pkg('b', ['a']), pkg('c')];
    expect(dependentsOf(cyclic, 'a').map((p) => p.name)).toEqual(['a', 'b']);
  });

  it('refuses a name that is not a workspace package, with UNKNOWN_PACKAGE', () => {
    const call = () => dependentsOf(packages, 'nope');
    expect(call).toThrow(WorkspaceCheckError);
    expect(call).toThrow(expect.objectContaining({ code: 'UNKNOWN_PACKAGE' }));
  });
});
