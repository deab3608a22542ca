// The contract gate: `contract` checks, `contract -- --update` writes the snapshot (see the README).
import { appendFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { acceptedBreaks, compareContracts, unacceptedBreaks } from '../src/contract/compare-contracts.js';
import {
  baseSnapshot,
  breaksPath,
  currentDocument,
  readText,
  snapshotPath,
  snapshotText,
} from '../src/contract/contract-files.js';
import { modules } from '../src/modules/index.js';

const { values } = parseArgs({
  options: { update: { type: 'boolean', default: false }, accept: { type: 'string' } },
});
const current = currentDocument(modules);
const snapshotSource = readText(snapshotPath);
const snapshot =
  snapshotSource === undefined ? { paths: {} } : (JSON.parse(snapshotSource) as Record<string, unknown>);
const changes = compareContracts(snapshot, current);
let accepted = acceptedBreaks(readText(breaksPath) ?? '');
let unaccepted = unacceptedBreaks(changes, accepted);

for (const change of changes) {
  console.log(`${change.breaking ? 'BREAKING' : 'addition'}  ${change.id}: ${change.message}`);
}

if (values.update) {
  if (unaccepted.length > 0 && values.accept) {
    const day = new Date().toISOString().slice(0, 10);
    appendFileSync(
      breaksPath,
      unaccepted.map((change) => `- ${day} \`${change.id}\`: ${values.accept}\n`).join(''),
    );
    accepted = acceptedBreaks(readText(breaksPath) ?? '');
    unaccepted = unacceptedBreaks(changes, accepted);
  }
  if (unaccepted.length > 0) {
    console.error(
      `\n${unaccepted.length} breaking change(s) not accepted: rerun with --accept "<why, and how callers move>" ` +
        `to list them in contract-breaks.md, or keep the old contract.`,
    );
    process.exit(1);
  }
  writeFileSync(snapshotPath, snapshotText(current));
  console.log(`wrote ${snapshotPath}`);
  process.exit(0);
}

let failed = false;
if (unaccepted.length > 0) {
  console.error(`\nUnaccepted breaking changes (see apps/db-api/README.md, "Contract gate"):`);
  for (const change of unaccepted) console.error(`  ${change.id}: ${change.message}`);
  failed = true;
} else if (snapshotSource !== snapshotText(current)) {
  console.error('\nThe snapshot is not the current document: npx nx run db-api:contract --update');
  failed = true;
}
const base = baseSnapshot();
if (base?.document) {
  const sinceMain = unacceptedBreaks(compareContracts(base.document, snapshot), accepted);
  for (const change of sinceMain)
    console.error(`  since main (${base.commit.slice(0, 12)}): ${change.id}: ${change.message}`);
  if (sinceMain.length > 0) failed = true;
}
if (failed) process.exit(1);
console.log('contract: no unaccepted breaking change');
