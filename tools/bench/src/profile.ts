import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppDefinition } from './apps.js';
import type { RunContext } from './context.js';
import { flameGraphSvg, topFunctions, type CpuProfile } from './flamegraph.js';
import type { ProfileResult } from './results.js';
import { startApp } from './start-app.js';
import { wrk } from './wrk.js';

export function profileEstimateSeconds(context: RunContext): number {
  return 4 + context.settings.seconds;
}

/**
 * Where one app's time goes under its memory step's load: the app under `node --cpu-prof` for one
 * load run, stopped with SIGTERM (it writes the profile as it exits), drawn as a flame graph
 * (`flame-<app>.svg` in the report's folder) with the functions that took the most time of their own.
 */
export async function profileApp(
  context: RunContext,
  app: AppDefinition,
  outDir: string,
): Promise<ProfileResult> {
  const profileDir = mkdtempSync(path.join(context.logDir, `profile-${app.name}-`));
  const { server, url } = await startApp(context, app, {
    logName: `profile-${app.name}`,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const load = app.load(context.backing, url);
  try {
    await wrk(load, {
      seconds: context.settings.seconds,
      connections: context.settings.connections,
      pid: server.pid,
    });
  } finally {
    await server.stop();
  }
  const file = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) throw new Error(`${app.name} wrote no CPU profile (did it exit on SIGTERM?)`);
  const profile = JSON.parse(readFileSync(path.join(profileDir, file), 'utf8')) as CpuProfile;
  rmSync(profileDir, { recursive: true, force: true });
  const svg = `flame-${app.name}.svg`;
  writeFileSync(
    path.join(outDir, svg),
    flameGraphSvg(profile, { title: `${app.name} under ${load.label}`, root: context.root }),
  );
  return {
    app: app.name,
    load: load.label,
    svg,
    top: topFunctions(profile, { root: context.root, count: 8 }),
  };
}
