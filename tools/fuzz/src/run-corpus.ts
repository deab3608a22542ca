import { abandon, HangError, leaks, sendRaw } from './send-raw.js';
import type { FuzzCase } from './malformed-requests.js';

export interface Finding {
  id: string;
  problem: string;
  /** The request, base64, so it can be kept as a regression case. */
  request: string;
  status?: number;
}

export interface RunOptions {
  port: number;
  /** Concurrent connections. */
  concurrency?: number;
  timeoutMs?: number;
}

/**
 * Sends every case and returns what broke the rules: a 5xx, a leaked stack or
 * path, or a hang. An empty list is a pass.
 */
export async function runCorpus(cases: readonly FuzzCase[], options: RunOptions): Promise<Finding[]> {
  const { port, concurrency = 8, timeoutMs = 10_000 } = options;
  const findings: Finding[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const fuzzCase = cases[next]!;
      next += 1;
      const request = fuzzCase.bytes.toString('base64');
      if (fuzzCase.mode === 'abandon') {
        await abandon(port, fuzzCase.bytes);
        continue;
      }
      try {
        const answer = await sendRaw(port, fuzzCase.bytes, timeoutMs);
        if (answer.status >= 500)
          findings.push({
            id: fuzzCase.id,
            problem: `answered ${answer.status}`,
            request,
            status: answer.status,
          });
        const leaked = leaks(answer.text, fuzzCase.bytes.toString('latin1'));
        if (leaked)
          findings.push({ id: fuzzCase.id, problem: `leaked ${leaked}`, request, status: answer.status });
      } catch (error) {
        findings.push({
          id: fuzzCase.id,
          problem: error instanceof HangError ? error.message : String(error),
          request,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return findings;
}
