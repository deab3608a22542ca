import path from 'node:path';
import {
  formatFiles,
  generateFiles,
  installPackagesTask,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { versionsFor } from '../../utils/dependency-versions.js';
import { GeneratorInputError } from '../../utils/generator-input-error.js';
import { namesOf, type Names } from '../../utils/names.js';
import { assertPortFree, nextGrpcPort, nextHttpPort } from '../../utils/ports.js';
import { assertProjectNameFree } from '../../utils/project-name.js';
import type { PlatformField } from '../../utils/workspace-packages.js';
import { updateCompose } from './deploy/compose.js';
import { updateKustomizations } from './deploy/kustomize.js';
import { updateScrapeConfig } from './deploy/monitoring.js';
import type { ServiceGeneratorSchema, ServiceKind } from './schema.js';

const KINDS: readonly ServiceKind[] = ['http', 'grpc', 'job'];
/** What a generated job is started with (launcher, compose, Kubernetes). */
const JOB_ARGS = ['World'] as const;

export interface NormalizedServiceOptions extends Names {
  kind: ServiceKind;
  isGrpc: boolean;
  isJob: boolean;
  root: string;
  /** HTTP port; 0 for a job, which has none. */
  port: number;
  /** gRPC port; 0 unless kind is grpc. */
  grpcPort: number;
  jobArgs: readonly string[];
  description: string;
  platform: PlatformField & { args?: readonly string[] };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  skipInstall: boolean;
}

/** Checks the options against the workspace and refuses what it cannot take; writes nothing. */
export function normalizeServiceOptions(
  tree: Tree,
  schema: ServiceGeneratorSchema,
): NormalizedServiceOptions {
  const names = namesOf(schema.name, 'service');
  const kind = schema.kind ?? 'http';
  if (!KINDS.includes(kind)) {
    throw new GeneratorInputError(
      'KIND_INVALID',
      `Invalid --kind ${JSON.stringify(kind)}: use one of ${KINDS.join(', ')}.`,
    );
  }
  assertProjectNameFree(tree, names.name);
  const isJob = kind === 'job';
  const isGrpc = kind === 'grpc';
  if (isJob && schema.port !== undefined) {
    throw new GeneratorInputError('PORT_INVALID', 'A job listens on no port: leave --port out.');
  }
  if (!isGrpc && schema.grpcPort !== undefined) {
    throw new GeneratorInputError('PORT_INVALID', '--grpcPort is for --kind=grpc only.');
  }
  const port = isJob
    ? 0
    : schema.port === undefined
      ? nextHttpPort(tree)
      : assertPortFree(tree, schema.port, 'port');
  const grpcPort = !isGrpc
    ? 0
    : schema.grpcPort === undefined
      ? nextGrpcPort(tree, [port])
      : assertPortFree(tree, schema.grpcPort, 'grpcPort');
  if (isGrpc && grpcPort === port) {
    throw new GeneratorInputError('PORT_TAKEN', `--grpcPort ${grpcPort} is the same as the HTTP port.`);
  }

  const platform: NormalizedServiceOptions['platform'] = isJob
    ? { run: 'once', args: [...JOB_ARGS] }
    : isGrpc
      ? { port, env: { GRPC_PORT: String(grpcPort) } }
      : { port };
  const libs = isJob
    ? { '@platform/errors': '*', '@platform/http': '*', '@platform/logging': '*', '@platform/settings': '*' }
    : {
        '@platform/auth': '*',
        '@platform/errors': '*',
        '@platform/http': '*',
        '@platform/logging': '*',
        '@platform/settings': '*',
      };
  const external = isJob
    ? {}
    : isGrpc
      ? { express: '^5.3.0', '@grpc/grpc-js': '^1.14.7', 'grpc-health-check': '^2.1.0' }
      : { express: '^5.3.0' };
  const description =
    schema.description?.trim() ||
    (isJob
      ? `The ${names.name} job.`
      : isGrpc
        ? `The ${names.name} gRPC service.`
        : `The ${names.name} service.`);
  return {
    ...names,
    kind,
    isGrpc,
    isJob,
    root: `apps/${names.name}`,
    port,
    grpcPort,
    jobArgs: JOB_ARGS,
    description,
    platform,
    dependencies: sorted({ ...libs, ...versionsFor(tree, external) }),
    devDependencies: isJob
      ? {}
      : versionsFor(tree, {
          '@types/express': '^5.0.6',
          ...(isGrpc ? { '@grpc/proto-loader': '^0.8.1' } : {}),
        }),
    skipInstall: schema.skipInstall ?? false,
  };
}

/**
 * `nx g @platform/plugin:service <name> --kind=http|grpc|job`: apps/<name> wired to the platform's
 * settings, logging, auth and lifecycle, the next free port, and its entries in the launcher (its
 * package.json `platform` field), compose behind nginx, the nginx templates and Kubernetes.
 */
export async function serviceGenerator(
  tree: Tree,
  schema: ServiceGeneratorSchema,
): Promise<GeneratorCallback | undefined> {
  const options = normalizeServiceOptions(tree, schema);
  const files = (folder: string) => path.join(import.meta.dirname, 'files', folder);
  const substitutions = { ...options, tmpl: '' };

  generateFiles(tree, files('common'), options.root, substitutions);
  generateFiles(tree, files(options.isJob ? 'job' : 'service'), options.root, substitutions);
  if (options.isGrpc) generateFiles(tree, files('grpc'), options.root, substitutions);

  generateFiles(tree, files('deploy-common'), '.', substitutions);
  generateFiles(tree, files(options.isJob ? 'deploy-job' : 'deploy-service'), '.', substitutions);
  updateCompose(tree, {
    name: options.name,
    constantName: options.constantName,
    port: options.isJob ? undefined : options.port,
    jobArgs: options.isJob ? options.jobArgs : undefined,
  });
  updateKustomizations(tree, options.name, !options.isJob);
  if (!options.isJob) updateScrapeConfig(tree, options.name, options.port);

  await formatFiles(tree);
  return options.skipInstall ? undefined : () => installPackagesTask(tree, true);
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

export default serviceGenerator;
