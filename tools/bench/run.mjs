#!/usr/bin/env node
// `npm run bench` (from the root): every app's benchmark, the seed comparison, memory under load and
// start-up time, written to docs/benchmarks/report.md and report.svg. See tools/bench/README.md.
// The suite is TypeScript, run from source through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./src/main.ts');
