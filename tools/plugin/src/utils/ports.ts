import type { Tree } from '@nx/devkit';
import { GeneratorInputError } from './generator-input-error.js';
import { workspacePackages } from './workspace-packages.js';

export interface UsedPort {
  port: number;
  /** apps/counter */
  by: string;
}

/** Every port an app claims: its `platform.port` and the `*PORT` values of `platform.env`. */
export function usedPorts(tree: Tree): UsedPort[] {
  return workspacePackages(tree).flatMap(({ root, platform }) => {
    const ports: UsedPort[] = [];
    if (typeof platform?.port === 'number') ports.push({ port: platform.port, by: root });
    for (const [key, value] of Object.entries(platform?.env ?? {})) {
      if (/PORT$/.test(key) && /^\d+$/.test(String(value))) ports.push({ port: Number(value), by: root });
    }
    return ports;
  });
}

/**
 * The first free block of ten in the HTTP range, 8010-8990, as its 80x0 port: a block holds a
 * family of apps (8051-8053 are the hello services), so any port taken in it takes the block.
 */
export function nextHttpPort(tree: Tree): number {
  const taken = new Set(usedPorts(tree).map(({ port }) => Math.floor(port / 10)));
  for (let port = 8010; port <= 8990; port += 10) {
    if (!taken.has(port / 10)) return port;
  }
  throw new GeneratorInputError('PORT_TAKEN', 'No free HTTP port block left in 8010-8990; pass --port.');
}

/** The first free gRPC port from 50051 up. */
export function nextGrpcPort(tree: Tree, exclude: readonly number[] = []): number {
  const taken = new Set([...usedPorts(tree).map(({ port }) => port), ...exclude]);
  for (let port = 50051; port <= 50999; port++) if (!taken.has(port)) return port;
  throw new GeneratorInputError('PORT_TAKEN', 'No free gRPC port left in 50051-50999; pass --grpcPort.');
}

/** Refuses a port outside 1024-65535 or one an app already uses. */
export function assertPortFree(tree: Tree, port: unknown, option: string): number {
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1024 || port > 65_535) {
    throw new GeneratorInputError(
      'PORT_INVALID',
      `Invalid --${option} ${JSON.stringify(port)}: use a whole number from 1024 to 65535.`,
    );
  }
  const user = usedPorts(tree).find((used) => used.port === port);
  if (user) {
    throw new GeneratorInputError(
      'PORT_TAKEN',
      `Port ${port} (--${option}) is taken by ${user.by}; leave --${option} out to use the next free one.`,
    );
  }
  return port;
}
