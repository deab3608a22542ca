import { createRequire } from 'node:module';
import path from 'node:path';
import { runCommand } from '../../src/run-command.js';
import { workspaceRoot } from './workspace-root.js';

/** A project as `nx graph --file` describes it. */
export interface GraphProject {
  root: string;
  tags?: string[];
  targets?: Record<string, unknown>;
}

const require = createRequire(import.meta.url);
const nxPackage = require.resolve('nx/package.json');
const nxBin = path.join(path.dirname(nxPackage), (require(nxPackage) as { bin: { nx: string } }).bin.nx);

/** The environment Nx runs in here: no daemon, no cloud, no terminal UI, and no NX_BASE/NX_HEAD from outside. */
export function nxEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
  delete env['NX_BASE'];
  delete env['NX_HEAD'];
  return { ...env, ...extra };
}

/** Runs the workspace's own nx in the workspace root and resolves its standard output. */
export function runNx(args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
  return runCommand(process.execPath, [nxBin, ...args], { cwd: workspaceRoot, env: nxEnv(extraEnv) });
}

/** Every project of the workspace by Nx project name, from `nx graph --file`. */
export async function projectGraph(scratchDir: string): Promise<Record<string, GraphProject>> {
  const file = path.join(scratchDir, 'graph.json');
  await runNx(['graph', `--file=${file}`]);
  const { readFile } = await import('node:fs/promises');
  const { graph } = JSON.parse(await readFile(file, 'utf8')) as {
    graph: { nodes: Record<string, { data: GraphProject }> };
  };
  return Object.fromEntries(Object.entries(graph.nodes).map(([name, node]) => [name, node.data]));
}

/** The names `nx show projects --affected ... --json` prints. */
export async function affectedProjects(
  args: readonly string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<string[]> {
  const output = await runNx(['show', 'projects', '--affected', ...args, '--json'], extraEnv);
  return JSON.parse(output) as string[];
}
