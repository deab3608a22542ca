import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Read from the lockfile, which records the root package.json's ranges too (and is an input of
// every test target), so a change of either runs this again.
const root = path.resolve(import.meta.dirname, '../..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<
    string,
    { version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
  >;
};
const isNx = (name: string) => name === 'nx' || name.startsWith('@nx/');

describe('the Nx version line', () => {
  it('pins nx and every @nx/* package of the root package.json with one range', () => {
    const workspace = lock.packages[''] ?? {};
    const ranges = Object.entries({ ...workspace.dependencies, ...workspace.devDependencies }).filter(
      ([name]) => isNx(name),
    );
    expect(ranges.map(([name]) => name)).toContain('nx');
    expect(
      new Set(ranges.map(([, range]) => range)),
      JSON.stringify(Object.fromEntries(ranges)),
    ).toHaveProperty('size', 1);
  });

  it('installs nx and every @nx/* package, wherever they are in node_modules, at one version', () => {
    const installed = Object.entries(lock.packages)
      .map(
        ([location, entry]) =>
          [
            location.slice(location.lastIndexOf('node_modules/') + 'node_modules/'.length),
            entry.version,
          ] as const,
      )
      .filter(([name]) => isNx(name));
    expect(installed.length).toBeGreaterThan(1);
    expect(new Set(installed.map(([, version]) => version)), JSON.stringify(installed)).toHaveProperty(
      'size',
      1,
    );
  });
});
