import path from 'node:path';
import { mainOf, type AppDefinition } from './apps.js';
import { median, type RunContext } from './context.js';
import type { StartupResult } from './results.js';
import { answers, freePort, startServer } from './servers.js';

export const startupSamples = 5;

/** Spawn to the first 200 from /readyz (polled every 5 ms), five times; one process, no migrations. */
export async function measureStartup(context: RunContext, app: AppDefinition): Promise<StartupResult> {
  const samplesMs: number[] = [];
  for (let sample = 0; sample < startupSamples; sample += 1) {
    const port = await freePort();
    const server = await startServer({
      name: app.name,
      command: process.execPath,
      args: [mainOf(context.root, app)],
      cwd: path.join(context.root, app.dir),
      env: await app.env(context.backing, port, 1),
      ready: answers(`http://127.0.0.1:${port}/readyz`),
      pollMs: 5,
      logFile: path.join(context.logDir, `startup-${app.name}.log`),
    });
    samplesMs.push(server.readyAfterMs);
    await server.stop();
  }
  return { app: app.name, samplesMs, medianMs: median(samplesMs) };
}
