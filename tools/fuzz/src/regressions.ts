import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FuzzCase } from './malformed-requests.js';
import type { Finding } from './run-corpus.js';

export const regressionsDir = path.resolve(import.meta.dirname, '../regressions');

interface KeptCase {
  id: string;
  /** What went wrong when it was found. */
  problem: string;
  /** The request, base64. */
  request: string;
}

/** The cases kept for a service: every failure found once is replayed on every run. */
export function regressionCases(service: string): FuzzCase[] {
  const file = path.join(regressionsDir, `${service}.json`);
  if (!existsSync(file)) return [];
  const kept = JSON.parse(readFileSync(file, 'utf8')) as KeptCase[];
  return kept.map((entry) => ({
    id: `regression:${entry.id}`,
    category: 'framing',
    mode: 'answer',
    bytes: Buffer.from(entry.request, 'base64'),
  }));
}

/** Adds new findings to the service's regression file (FUZZ_RECORD=1), so a fix is proven by every later run. */
export function keepFindings(service: string, findings: readonly Finding[]): void {
  const file = path.join(regressionsDir, `${service}.json`);
  const kept: KeptCase[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as KeptCase[]) : [];
  const known = new Set(kept.map((entry) => entry.request));
  for (const finding of findings) {
    if (known.has(finding.request)) continue;
    kept.push({ id: finding.id, problem: finding.problem, request: finding.request });
    known.add(finding.request);
  }
  writeFileSync(file, `${JSON.stringify(kept, null, 2)}\n`);
}
