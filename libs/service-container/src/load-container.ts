import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '@platform/logging';
import { ContainerConfigError } from './container-config-error.js';
import type { Environment } from './interpolate.js';
import { parseContainer } from './parse-container.js';
import { ServiceContainer } from './service-container.js';

export interface LoadContainerOptions {
  /** Variables for `${VAR}` interpolation; the caller passes them (an app: readEnvironment()). */
  env: Environment;
  logger: Logger;
  /** Larger files are refused (a container file is a few kilobytes). */
  maxBytes?: number;
}

async function readContainerFile(file: string, maxBytes: number): Promise<string> {
  try {
    const info = await stat(file);
    if (!info.isFile()) {
      throw new ContainerConfigError('CONTAINER_FILE_UNREADABLE', file, [
        { message: 'is not a regular file' },
      ]);
    }
    if (info.size > maxBytes) {
      throw new ContainerConfigError('CONTAINER_FILE_UNREADABLE', file, [
        { message: `is larger than ${maxBytes} bytes` },
      ]);
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof ContainerConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new ContainerConfigError('CONTAINER_FILE_MISSING', file, [{ message: 'does not exist' }], {
        cause: error,
      });
    }
    throw new ContainerConfigError(
      'CONTAINER_FILE_UNREADABLE',
      file,
      [{ message: `cannot be read (${code ?? 'unknown error'})` }],
      { cause: error },
    );
  }
}

/**
 * Reads a container file (YAML mapping service names to options), interpolates `${VAR}`
 * from `env`, validates every service and returns the container. Clients are created on first `get()`.
 */
export async function loadContainer(file: string, options: LoadContainerOptions): Promise<ServiceContainer> {
  const { env, logger, maxBytes = 1_048_576 } = options;
  const absolute = path.resolve(file);
  const text = await readContainerFile(absolute, maxBytes);
  const services = parseContainer(text, { source: absolute, env });
  return new ServiceContainer({ logger, services });
}
