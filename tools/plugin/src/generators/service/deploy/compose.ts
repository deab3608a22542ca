import type { Tree } from '@nx/devkit';
import { insertAfterLast, section, unexpected } from './text-edits.js';

export const COMPOSE_FILE = 'deploy/compose/docker-compose.yml';

export interface ComposeEntry {
  name: string;
  constantName: string;
  /** The HTTP port nginx forwards to; undefined for a job. */
  port: number | undefined;
  /** A job's arguments; undefined for a service. */
  jobArgs: readonly string[] | undefined;
}

function serviceBlock(entry: ComposeEntry): string {
  const head = [
    `  ${entry.name}:`,
    '    <<: *app',
    ...(entry.jobArgs ? ["    restart: 'no'"] : []),
    '    build:',
    '      <<: *build',
    `      args: { APP: ${entry.name} }`,
    `    image: \${REGISTRY:-platform}/${entry.name}:\${VERSION:-dev}`,
    `    env_file: env/${entry.name}.env`,
    '    environment:',
    '      <<: *app-env',
  ];
  const tail = entry.jobArgs
    ? [
        `    command: [${['dist/main.js', ...entry.jobArgs].map((arg) => `'${arg}'`).join(', ')}]`,
        '    healthcheck:',
        '      disable: true',
      ]
    : [
        "      # The callers' tokens, `name:token`, comma-separated; accepted by this service alone.",
        `      BEARER: \${${entry.constantName}_BEARER:?set ${entry.constantName}_BEARER (see deploy/README.md)}`,
      ];
  return `${[...head, ...tail].join('\n')}\n\n`;
}

/** The compose file with the app's service, and for a service nginx's listen port, servers and dependency. */
export function addToCompose(text: string, entry: ComposeEntry): string {
  const nginxAt = text.search(/^ {2}nginx:\n/m);
  if (nginxAt === -1) throw unexpected(COMPOSE_FILE, 'no nginx service');
  if (new RegExp(`^ {2}${entry.name}:\\n`, 'm').test(text)) {
    throw unexpected(COMPOSE_FILE, `a service ${entry.name} exists already`);
  }
  let result = `${text.slice(0, nginxAt)}${serviceBlock(entry)}${text.slice(nginxAt)}`;
  if (entry.port === undefined) return result;

  const { name, constantName, port } = entry;
  const nginx = () => section(result, COMPOSE_FILE, /^ {2}nginx:\n/m);
  result = insertAfterLast(
    result,
    COMPOSE_FILE,
    nginx(),
    /^ {6}[A-Z0-9_]+_SERVERS: .*$/,
    `      ${constantName}_LISTEN: '${port}'\n      ${constantName}_SERVERS: server ${name}:${port} resolve max_fails=1 fail_timeout=5s;\n`,
  );
  result = insertAfterLast(
    result,
    COMPOSE_FILE,
    nginx(),
    /^ {6}- \$\{[A-Z_]+_BIND_ADDRESS:-[\d.]+\}:\$\{[A-Z0-9_]+_PUBLISHED_PORT:-\d+\}:\d+$/,
    // Like the other apps but the frontend: published for this host (or PRIVATE_BIND_ADDRESS) only.
    `      - \${PRIVATE_BIND_ADDRESS:-127.0.0.1}:\${${constantName}_PUBLISHED_PORT:-${port}}:${port}\n`,
  );
  result = insertAfterLast(
    result,
    COMPOSE_FILE,
    nginx(),
    /^ {8}condition: service_healthy$/,
    `      ${name}:\n        condition: service_healthy\n`,
  );
  return result;
}

export function updateCompose(tree: Tree, entry: ComposeEntry): void {
  const text = tree.read(COMPOSE_FILE, 'utf-8');
  if (text === null) throw unexpected(COMPOSE_FILE, 'the file is missing');
  tree.write(COMPOSE_FILE, addToCompose(text, entry));
}
