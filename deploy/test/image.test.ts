import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { basesOf, bundledNpmVersion, globalArgs } from '../image/bases.mjs';
import { buildCommand, detectBuilder, imageName } from '../image/build.mjs';
import { deployRoot } from './support/paths.js';

const dockerfile = readFileSync(path.join(deployRoot, 'Dockerfile'), 'utf8');

describe('the bases deploy/Dockerfile names', () => {
  it('are one Node release: node:<version>-bookworm-slim to build, distroless of its major to run', () => {
    const { nodeVersion, build, runtime } = basesOf(dockerfile);
    const major = nodeVersion.split('.')[0];
    expect(build).toBe(`docker.io/library/node:${nodeVersion}-bookworm-slim`);
    expect(runtime).toBe(`gcr.io/distroless/nodejs${major}-debian12:nonroot`);
    expect(dockerfile).toContain('FROM node:${NODE_VERSION}-bookworm-slim AS build');
    expect(dockerfile).toContain('FROM gcr.io/distroless/nodejs${NODE_MAJOR}-debian12:nonroot AS runtime');
  });

  it('refuse a NODE_MAJOR that is not the major of NODE_VERSION, or no NODE_VERSION', () => {
    const text = 'ARG NODE_VERSION=24.1.0\nARG NODE_MAJOR=22\nFROM node:${NODE_VERSION}-bookworm-slim\n';
    expect(() => basesOf(text)).toThrow(expect.objectContaining({ code: 'BAD_DOCKERFILE' }));
    expect(() => basesOf('FROM node:24\n')).toThrow(/NODE_VERSION/);
  });

  it('are read from the ARGs before the first FROM only', () => {
    expect(globalArgs('ARG A=1\n# c\nARG B=x-y\nFROM scratch\nARG C=3\n')).toEqual({ A: '1', B: 'x-y' });
  });

  it("carry the npm release of that Node's changelog, the newest entry first", () => {
    const changelog = '* deps: upgrade npm to 11.19.1 (npm team)\n...\n* deps: upgrade npm to 11.18.0\n';
    expect(bundledNpmVersion(changelog)).toBe('11.19.1');
    expect(() => bundledNpmVersion('nothing here')).toThrow(
      expect.objectContaining({ code: 'BAD_DOCKERFILE' }),
    );
  });
});

describe('npm run image', () => {
  it('names the image platform/<app>:<version>, as compose expects', () => {
    expect(imageName('counter', 'dev')).toBe('platform/counter:dev');
    expect(imageName('db-api', '1.2.3')).toBe('platform/db-api:1.2.3');
  });

  it('refuses an app that is not a folder under apps/, and a tag Docker would refuse', () => {
    expect(() => imageName('no-such-app', 'dev')).toThrow(expect.objectContaining({ code: 'UNKNOWN_APP' }));
    expect(() => imageName('../libs/http', 'dev')).toThrow(expect.objectContaining({ code: 'UNKNOWN_APP' }));
    expect(() => imageName('counter', 'a:b')).toThrow(expect.objectContaining({ code: 'BAD_VERSION' }));
  });

  it('uses Docker only when its engine answers, buildah otherwise, and says what is missing when neither', async () => {
    const probe = (working: string[]) => async (command: string, args: string[]) =>
      working.includes(`${command} ${args.join(' ')}`);
    expect(await detectBuilder(probe(['docker info', 'buildah --version']))).toBe('docker');
    // The client alone (`docker --version`) is not an engine.
    expect(await detectBuilder(probe(['docker --version', 'buildah --version']))).toBe('buildah');
    await expect(detectBuilder(probe(['docker --version']))).rejects.toMatchObject({ code: 'NO_BUILDER' });
  });

  it('builds from deploy/Dockerfile at the repository root, with buildah from local bases only', () => {
    expect(buildCommand('docker', 'counter', 'platform/counter:dev')).toEqual([
      'docker',
      ['build', '-f', 'deploy/Dockerfile', '--build-arg', 'APP=counter', '-t', 'platform/counter:dev', '.'],
    ]);
    const [command, args] = buildCommand('buildah', 'counter', 'platform/counter:dev');
    expect(command).toBe('buildah');
    expect(args).toEqual(
      expect.arrayContaining([
        '--pull=never',
        '--isolation',
        'chroot',
        '--ignorefile',
        'deploy/Dockerfile.dockerignore',
      ]),
    );
    // Docker's format: the OCI one drops the HEALTHCHECK.
    expect(args.slice(args.indexOf('--format'), args.indexOf('--format') + 2)).toEqual([
      '--format',
      'docker',
    ]);
  });
});
