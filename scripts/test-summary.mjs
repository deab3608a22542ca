#!/usr/bin/env node
// Adds up the vitest JSON reports of every project into one closing line.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const group of ['apps', 'libs', 'tools']) {
  const dir = path.join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const results = path.join(dir, name, 'test-results');
    if (!existsSync(results)) continue;
    // vitest.json from `test`, vitest-integration.json from `test:integration`.
    for (const file of readdirSync(results).filter((entry) => /^vitest.*\.json$/.test(entry))) {
      const report = JSON.parse(readFileSync(path.join(results, file), 'utf8'));
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exitCode = 1;
