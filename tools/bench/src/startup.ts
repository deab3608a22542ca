import type { AppDefinition } from './apps.js';
import { median, type RunContext } from './context.js';
import type { StartupResult } from './results.js';
import { startApp } from './start-app.js';

export const startupSamples = 5;

/** Spawn to the first 200 from /readyz (polled every 5 ms), five times; one process, no migrations. */
export async function measureStartup(context: RunContext, app: AppDefinition): Promise<StartupResult> {
  const samplesMs: number[] = [];
  for (let sample = 0; sample < startupSamples; sample += 1) {
    const { server } = await startApp(context, app, { logName: `startup-${app.name}`, pollMs: 5 });
    samplesMs.push(server.readyAfterMs);
    await server.stop();
  }
  return { app: app.name, samplesMs, medianMs: median(samplesMs) };
}
