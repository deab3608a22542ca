import { setInterval as every } from 'node:timers/promises';
import type { AppDefinition } from './apps.js';
import type { RunContext } from './context.js';
import { rssKiB } from './proc.js';
import type { MemoryResult } from './results.js';
import { startApp } from './start-app.js';
import { wrk } from './wrk.js';

export const memoryRuns = 3;

export function memoryEstimateSeconds(context: RunContext): number {
  return 3 + Math.min(3, context.settings.seconds) + memoryRuns * (context.settings.seconds + 0.5);
}

/**
 * One process of the app, warmed up, then under three successive load runs; peak resident memory
 * of its process tree during each (sampled every 200 ms from /proc), and the growth from run 1 to run 3.
 */
export async function measureMemory(context: RunContext, app: AppDefinition): Promise<MemoryResult> {
  const { server, url } = await startApp(context, app, { logName: `memory-${app.name}` });
  try {
    const load = app.load(context.backing, url);
    const { seconds, connections } = context.settings;
    // A warm-up first, so run 1 measures a process whose JIT, pools and heap have settled.
    await wrk(load, { seconds: Math.min(3, seconds), connections, pid: server.pid });
    const runsMiB: number[] = [];
    for (let run = 0; run < memoryRuns; run += 1) {
      let peak = rssKiB(server.pid);
      const sampling = new AbortController();
      const sampler = (async () => {
        try {
          for await (const _ of every(200, undefined, { signal: sampling.signal }))
            peak = Math.max(peak, rssKiB(server.pid));
        } catch {
          // aborted at the end of the run
        }
      })();
      try {
        await wrk(load, {
          seconds: context.settings.seconds,
          connections: context.settings.connections,
          pid: server.pid,
        });
      } finally {
        sampling.abort();
        await sampler;
      }
      runsMiB.push(Math.max(peak, rssKiB(server.pid)) / 1024);
    }
    const [first = Number.NaN, , last = Number.NaN] = runsMiB;
    return { app: app.name, load: load.label, runsMiB, growth: last / first - 1 };
  } finally {
    await server.stop();
  }
}
