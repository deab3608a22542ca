#!/usr/bin/env node
// Secrets for this clone's local runs (the bearer token, the TOTP encryption key): made once in
// .platform/local-secrets.env, which git ignores, and never printed. `npm start` passes them to
// every app; each app's `serve` target runs this file first, then reads it with node's --env-file.
// Locally one token serves everyone: the servers accept it as BEARER (their list), and the
// frontend sends it as BACKEND_TOKEN (a client's one token).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';

const workspaceRoot = path.resolve(import.meta.dirname, '..');

const wanted = {
  BEARER: () => randomBytes(32).toString('base64url'),
  // Made after BEARER (object order): the same token, under the name of the one a client sends.
  BACKEND_TOKEN: (secrets) => secrets.BEARER,
  TOTP_ENCRYPTION_KEY: () => randomBytes(32).toString('hex'),
};

/** The file and its secrets, adding any that is missing (a file of an earlier version gets BACKEND_TOKEN). */
export function localSecrets(root = workspaceRoot) {
  const dir = path.join(root, '.platform');
  const file = path.join(dir, 'local-secrets.env');
  const existing = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  let changed = false;
  for (const [key, make] of Object.entries(wanted)) {
    if (!existing[key]) {
      existing[key] = make(existing);
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dir, { recursive: true });
    const text = Object.entries(existing)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n');
    writeFileSync(file, `# Generated for local runs of this clone; not committed.\n${text}\n`, {
      mode: 0o600,
    });
  }
  return { file, secrets: existing };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) localSecrets();
