import { readJson } from '@nx/devkit';
import { describe, expect, it } from 'vitest';
import { createPlatformTree, snapshotOf } from '../../testing/platform-tree.js';
import { libGenerator } from './generator.js';

describe('lib generator', () => {
  it('writes a workspace package with tags, the source export condition, a README and a test', async () => {
    const tree = createPlatformTree();
    const task = await libGenerator(tree, { name: 'money', scope: 'billing', skipInstall: true });
    expect(task).toBeUndefined();
    const manifest = readJson(tree, 'libs/money/package.json');
    expect(manifest).toMatchObject({
      name: '@platform/money',
      type: 'module',
      exports: { '.': { '@platform/source': './src/index.ts', import: './dist/index.js' } },
      nx: { name: 'money', tags: ['type:lib', 'scope:billing'] },
      scripts: { build: 'tsc -p tsconfig.lib.json', test: 'vitest run', lint: 'eslint .' },
    });
    expect(tree.read('libs/money/src/index.ts', 'utf-8')).toContain('./greeting.js');
    expect(tree.read('libs/money/src/greeting.test.ts', 'utf-8')).toContain('Hello Ada from money');
    expect(tree.read('libs/money/README.md', 'utf-8')).toMatch(/^# @platform\/money/);
    expect(tree.exists('libs/money/tsconfig.lib.json')).toBe(true);
    expect(tree.exists('libs/money/vitest.config.ts')).toBe(true);
  });

  it('runs npm install afterwards unless told not to', async () => {
    const tree = createPlatformTree();
    expect(typeof (await libGenerator(tree, { name: 'money' }))).toBe('function');
  });

  it.each([
    ['an existing lib folder', 'errors', 'NAME_TAKEN', /libs\/errors already exists/],
    ['an existing app folder', 'counter', 'NAME_TAKEN', /apps\/counter already exists/],
    ['an existing package name', 'service-container-demo', 'NAME_TAKEN', /@platform\/service-container-demo/],
    ['upper case', 'Money', 'NAME_INVALID', /kebab-case/],
    ['a path', '../money', 'NAME_INVALID', /kebab-case/],
    ['a double hyphen', 'big--money', 'NAME_INVALID', /kebab-case/],
  ])('refuses %s with %s and writes nothing', async (_case, name, code, message) => {
    const tree = createPlatformTree();
    const before = snapshotOf(tree);
    await expect(libGenerator(tree, { name })).rejects.toMatchObject({
      code,
      message: expect.stringMatching(message),
    });
    expect(snapshotOf(tree)).toEqual(before);
  });
});
