import { PODMAN } from '../../image/containers.mjs';
import { runCommand, type CommandResult } from './run-command.js';

/**
 * How the tests run a container, as the k8s manifests run the apps: non-root (65532), read-only
 * root file system with an empty /tmp, no capabilities, no privilege escalation. The host's
 * network, so the test reaches it on loopback; the limits runc needs on these machines.
 */
export const RUN_AS_K8S = [
  '--network',
  'host',
  '--ulimit',
  'nofile=20000:20000',
  '--ulimit',
  'nproc=4096:4096',
  '--user',
  '65532:65532',
  '--read-only',
  '--read-only-tmpfs=false',
  '--tmpfs',
  '/tmp:rw,size=64m',
  '--cap-drop',
  'ALL',
  '--security-opt',
  'no-new-privileges',
];

/** Runs podman on the images' store; never throws on exit codes. */
export function podman(args: readonly string[], timeoutMs = 60_000): Promise<CommandResult> {
  return runCommand('podman', [...PODMAN, ...args], { timeoutMs });
}

/** Runs podman and returns its standard output; throws with its error output otherwise. */
export async function podmanOk(args: readonly string[], timeoutMs = 60_000): Promise<string> {
  const result = await podman(args, timeoutMs);
  if (result.code !== 0)
    throw new Error(`podman ${args.join(' ')} exited with ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** Starts a detached container of the image, named, with the given environment. */
export async function startContainer(
  name: string,
  image: string,
  env: Record<string, string>,
): Promise<void> {
  const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  await podmanOk(['run', '--detach', '--name', name, ...RUN_AS_K8S, ...envArgs, image]);
}

/** Runs the container's HEALTHCHECK once (as the engine would); resolves to its exit code. */
export async function healthcheck(name: string): Promise<number> {
  return (await podman(['healthcheck', 'run', name])).code;
}

/** SIGTERM, then (after `seconds`) SIGKILL; resolves to the container's exit code. */
export async function stopContainer(name: string, seconds = 20): Promise<number> {
  await podmanOk(['stop', '--time', String(seconds), name], (seconds + 30) * 1000);
  return Number((await podmanOk(['inspect', '--format', '{{.State.ExitCode}}', name])).trim());
}

export async function removeContainer(name: string): Promise<void> {
  await podman(['rm', '--force', '--ignore', name]);
}
