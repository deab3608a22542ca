// Writes the typed client's types (libs/db-api-client/src/generated) from the action registry.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { clientSource } from '../src/contract/client-source.js';
import { generatedClientPath, readText } from '../src/contract/contract-files.js';
import { modules } from '../src/modules/index.js';

const source = clientSource(modules);
const relative = path.relative(process.cwd(), generatedClientPath);
if (readText(generatedClientPath) === source) {
  console.log(`${relative} is up to date`);
} else {
  mkdirSync(path.dirname(generatedClientPath), { recursive: true });
  writeFileSync(generatedClientPath, source);
  console.log(`wrote ${relative}`);
}
