import { describe, expect, it } from 'vitest';
import { commandsOf, shellBlocks } from './readme-blocks.js';

const readme = [
  '# App',
  '',
  '<!-- docs: run -->',
  '```sh',
  'npx nx test totp   # unit tests',
  '```',
  '',
  '<!-- docs: server "listening on http" -->',
  '',
  '```bash',
  'npx nx serve totp',
  '```',
  '',
  '<!-- docs: example, needs a Docker engine -->',
  '```sh',
  'docker compose up',
  '```',
  '',
  '```ts',
  '```sh',
  'not a shell block: inside a TypeScript block',
  '```',
  '',
  '```sh',
  'curl http://127.0.0.1:8040/',
  '```',
  '',
  '<!-- docs: sometimes -->',
  '```sh',
  'echo hi',
  '```',
].join('\n');

describe('shellBlocks', () => {
  it('reads each shell block with the marker on the line before it', () => {
    const blocks = shellBlocks(readme);
    expect(blocks.map((block) => [block.line, block.mark])).toEqual([
      [4, { kind: 'run' }],
      [10, { kind: 'server', ready: 'listening on http' }],
      [15, { kind: 'example', reason: 'needs a Docker engine' }],
      [24, undefined],
      [29, undefined],
    ]);
    expect(blocks[0]!.code).toBe('npx nx test totp   # unit tests');
  });

  it('pairs a with-server block with the server block before it, and refuses one alone', () => {
    const paired = shellBlocks(
      '<!-- docs: server "up" -->\n```sh\nserve\n```\n<!-- docs: with-server -->\n```sh\ncurl x\n```',
    );
    expect(paired.map((block) => block.mark?.kind)).toEqual(['server', 'with-server']);
    const alone = shellBlocks('<!-- docs: with-server -->\n```sh\ncurl x\n```');
    expect(alone[0]).toMatchObject({
      mark: undefined,
      problem: 'a with-server block must follow a server block',
    });
  });

  it('says why a marker cannot be read', () => {
    expect(shellBlocks(readme)[4]!.problem).toMatch(/"sometimes" is not a marker/);
    expect(shellBlocks('<!-- docs: server "(" -->\n```sh\nx\n```')[0]!.problem).toMatch(
      /not a regular expression/,
    );
    expect(shellBlocks('<!-- docs: example -->\n```sh\nx\n```')[0]!.problem).toMatch(/is not a marker/);
  });
});

describe('commandsOf', () => {
  it('drops comments and blank lines and joins continued lines', () => {
    expect(commandsOf('# setup\nnpx nx test totp   # units\n\nFOO=1 \\\n  node x.mjs\n')).toEqual([
      'npx nx test totp',
      'FOO=1    node x.mjs',
    ]);
  });
});
