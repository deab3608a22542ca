import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLikeDocker } from '../image/build-like-docker.mjs';
import { contextFiles, isExcluded, parseIgnore } from '../image/context.mjs';
import { parseDockerfile, substitute } from '../image/dockerfile.mjs';
import { deployRoot, repoRoot } from './support/paths.js';

const scratch: string[] = [];
/** A base image carrying this machine's Node, which the emulator accepts. */
const sameNode = `node:${process.versions.node.split('.')[0]}-bookworm-slim`;

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-emulator-'));
  scratch.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('parseDockerfile', () => {
  it('joins continued lines, drops comments inside them, and reads flags and the exec form', () => {
    const { globalArgs, stages } = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG BASE=20',
        'FROM node:${BASE} AS one',
        'RUN --mount=type=cache,target=/root/.npm echo a \\',
        '  # a comment inside the command',
        ' && echo b',
        'HEALTHCHECK --interval=5s CMD ["node", "check.mjs"]',
        'FROM one',
        'CMD ["main.js"]',
      ].join('\n'),
    );
    expect(globalArgs.map((instruction) => instruction.args)).toEqual(['BASE=20']);
    expect(stages.map((stage) => [stage.name, stage.from])).toEqual([
      ['one', 'node:${BASE}'],
      [undefined, 'one'],
    ]);
    const [run, healthcheck] = stages[0]?.instructions ?? [];
    expect(run?.flags).toEqual({ mount: ['type=cache,target=/root/.npm'] });
    expect(run?.args.replace(/\s+/g, ' ')).toBe('echo a && echo b');
    expect(healthcheck?.flags).toEqual({ interval: ['5s'] });
    expect(stages[1]?.instructions[0]?.json).toEqual(['main.js']);
  });

  it('refuses an instruction before the first FROM other than ARG', () => {
    expect(() => parseDockerfile('ENV A=1\nFROM node:20')).toThrow(/only ARG/);
  });
});

describe('substitute', () => {
  it("follows Docker's forms: $A, ${A}, ${A:-default}, ${A:+alternative} and \\$", () => {
    const vars = { A: 'x', EMPTY: '' };
    expect(substitute('$A-${A}-${B:-d}-${A:+alt}-${EMPTY:-e}-\\$A', vars)).toBe('x-x-d-alt-e-$A');
  });
});

describe('the build context', () => {
  it('re-includes a folder under an excluded one, and a match on a folder covers its content', () => {
    const patterns = parseIgnore('*\n!apps\n!deploy/image\n**/node_modules\n');
    expect(isExcluded(patterns, 'README.md')).toBe(true);
    expect(isExcluded(patterns, 'apps/db-api/src/main.ts')).toBe(false);
    expect(isExcluded(patterns, 'apps/db-api/node_modules/x/index.js')).toBe(true);
    expect(isExcluded(patterns, 'deploy/image/assemble.mjs')).toBe(false);
    expect(isExcluded(patterns, 'deploy/k8s/base/kustomization.yaml')).toBe(true);
  });

  it('holds the sources and manifests an image build reads, and no build output or dependencies', () => {
    const files = contextFiles(repoRoot, path.join(deployRoot, 'Dockerfile.dockerignore'));
    expect(files).toContain('package-lock.json');
    expect(files).toContain('apps/db-api/package.json');
    expect(files).toContain('deploy/image/assemble.mjs');
    expect(files.some((file) => file.startsWith('deploy/k8s/'))).toBe(false);
    expect(files.some((file) => /(^|\/)(node_modules|dist|\.nx|\.git)\//.test(file))).toBe(false);
  });
});

describe('buildLikeDocker', () => {
  function repoWith(dockerfile: string): string {
    const repo = tempDir();
    mkdirSync(path.join(repo, 'deploy'), { recursive: true });
    writeFileSync(path.join(repo, 'deploy', 'Dockerfile'), dockerfile);
    return repo;
  }

  it('refuses an instruction it cannot follow rather than skipping it', async () => {
    const repo = repoWith(`FROM ${sameNode}\nADD https://example.com/x /x\n`);
    await expect(buildLikeDocker({ repo, workDir: tempDir() })).rejects.toThrow(/ADD: not supported/);
  });

  it("refuses a base image whose Node differs from this machine's", async () => {
    const repo = repoWith('FROM node:18-alpine\nRUN true\n');
    await expect(buildLikeDocker({ repo, workDir: tempDir() })).rejects.toThrow(/Node 18/);
  });

  it('fails the build when a RUN command fails, with its output', async () => {
    const repo = repoWith(`FROM ${sameNode}\nRUN echo broken-step >&2 && exit 3\n`);
    await expect(buildLikeDocker({ repo, workDir: tempDir() })).rejects.toThrow(
      /exited with 3[\s\S]*broken-step/,
    );
  });
});
