#!/usr/bin/env node
// Adds up the vitest JSON reports of every project, both kinds (test-results/unit.json from
// `test`, test-results/integration.json from `test:integration`), into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const kinds = ['unit', 'integration'];

/** The folders of the root package.json's workspaces ("apps/*", "libs/*", "deploy"). */
function workspaceDirs() {
  const patterns = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).workspaces ?? [];
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [path.join(root, pattern)];
    const parent = path.join(root, pattern.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(parent, entry.name));
  });
}

const totals = Object.fromEntries(kinds.map((kind) => [kind, { passed: 0, failed: 0, skipped: 0 }]));
for (const dir of workspaceDirs()) {
  for (const kind of kinds) {
    const file = path.join(dir, 'test-results', `${kind}.json`);
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    totals[kind].passed += report.numPassedTests ?? 0;
    totals[kind].failed += report.numFailedTests ?? 0;
    totals[kind].skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  }
}
const line = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;
for (const kind of kinds) console.log(`${kind} tests: ${line(totals[kind])}`);
const all = { passed: 0, failed: 0, skipped: 0 };
for (const total of Object.values(totals)) for (const key of Object.keys(all)) all[key] += total[key];
console.log(`tests: ${line(all)}`);
if (all.failed > 0 || totals.unit.passed === 0 || totals.integration.passed === 0) process.exitCode = 1;
