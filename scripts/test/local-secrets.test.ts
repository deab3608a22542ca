import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

type LocalSecrets = (root: string) => { file: string; secrets: Record<string, string> };
const script = pathToFileURL(path.resolve(import.meta.dirname, '../local-secrets.mjs')).href;
const { localSecrets } = (await import(script)) as { localSecrets: LocalSecrets };

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});
function tempRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'local-secrets-'));
  roots.push(root);
  return root;
}
const read = (file: string) => parseEnv(readFileSync(file, 'utf8'));

describe('localSecrets (the secrets npm start and serve pass to every app)', () => {
  it('makes one token: the servers accept it as BEARER, the frontend sends it as BACKEND_TOKEN', () => {
    const { file, secrets } = localSecrets(tempRoot());
    expect(secrets['BEARER']).toMatch(/^[\w-]{43}$/);
    expect(secrets['BACKEND_TOKEN']).toBe(secrets['BEARER']);
    expect(secrets['TOTP_ENCRYPTION_KEY']).toMatch(/^[0-9a-f]{64}$/);
    expect(read(file)).toEqual(secrets);
  });

  it("adds BACKEND_TOKEN to an earlier version's file, keeping what is there", () => {
    const root = tempRoot();
    mkdirSync(path.join(root, '.platform'));
    const file = path.join(root, '.platform', 'local-secrets.env');
    writeFileSync(file, `BEARER=earlier-token-0123456789\nTOTP_ENCRYPTION_KEY=${'ab'.repeat(32)}\n`);
    const { secrets } = localSecrets(root);
    expect(secrets).toEqual({
      BEARER: 'earlier-token-0123456789',
      BACKEND_TOKEN: 'earlier-token-0123456789',
      TOTP_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(read(file)).toEqual(secrets);
    expect(localSecrets(root).secrets).toEqual(secrets);
  });
});
