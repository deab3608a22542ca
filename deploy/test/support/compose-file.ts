import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { deployRoot } from './paths.js';

interface ComposeFile {
  services: { nginx: { environment: Record<string, string> } };
}

/** An app's variable prefix in nginx's environment: db-api → DB_API. */
export function nginxPrefix(app: string): string {
  return app.toUpperCase().replaceAll('-', '_');
}

/**
 * The options compose gives an app's upstream servers (`max_fails=1 fail_timeout=5s`), read from
 * `<APP>_SERVERS` (`server <app>:<port> resolve <options>;`) in deploy/compose/docker-compose.yml.
 */
export function composeServerOptions(app: string): string {
  const compose = parse(
    readFileSync(path.join(deployRoot, 'compose', 'docker-compose.yml'), 'utf8'),
  ) as ComposeFile;
  const declared = compose.services.nginx.environment[`${nginxPrefix(app)}_SERVERS`] ?? '';
  const match = new RegExp(`^server ${app}:\\d+ resolve (.*);$`).exec(declared);
  if (!match?.[1]) throw new Error(`Unexpected ${nginxPrefix(app)}_SERVERS in compose: ${declared}`);
  return match[1];
}

/**
 * `server` lines for local processes on these addresses, with compose's options. Without
 * `resolve`: Debian's nginx 1.22 predates it, and loopback addresses need no DNS.
 */
export function localUpstreamServers(app: string, addresses: readonly string[]): string {
  const options = composeServerOptions(app);
  return addresses.map((address) => `server ${address} ${options};`).join(' ');
}
