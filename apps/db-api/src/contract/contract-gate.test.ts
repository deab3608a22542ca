import { describe, expect, it } from 'vitest';
import { modules } from '../modules/index.js';
import { clientSource } from './client-source.js';
import { acceptedBreaks, compareContracts, unacceptedBreaks } from './compare-contracts.js';
import {
  baseSnapshot,
  breaksPath,
  currentDocument,
  generatedClientPath,
  readText,
  snapshotPath,
  snapshotText,
} from './contract-files.js';

const accepted = acceptedBreaks(readText(breaksPath) ?? '');
const snapshotSource = readText(snapshotPath);
const ids = (changes: ReturnType<typeof compareContracts>) => changes.map((change) => change.id);

describe('contract gate', () => {
  it('the registry breaks no caller of the committed snapshot, except the breaks contract-breaks.md accepts', () => {
    expect(snapshotSource, `${snapshotPath} is missing`).toBeDefined();
    const changes = compareContracts(
      JSON.parse(snapshotSource!) as Record<string, unknown>,
      currentDocument(modules),
    );
    expect(
      ids(unacceptedBreaks(changes, accepted)),
      'accept with: npx nx run db-api:contract --update --accept "…"',
    ).toEqual([]);
  });

  it('the committed snapshot is the document the registry generates (npx nx run db-api:contract --update)', () => {
    expect(snapshotSource).toBe(snapshotText(currentDocument(modules)));
  });

  it("main's snapshot (at the merge-base) to this one: every break is accepted", () => {
    const base = baseSnapshot();
    const before = base?.document ?? { paths: {} };
    const changes = compareContracts(before, JSON.parse(snapshotSource!) as Record<string, unknown>);
    expect(ids(unacceptedBreaks(changes, accepted))).toEqual([]);
  });

  it("the typed client's generated types are current (npx nx run db-api:generate-client)", () => {
    expect(readText(generatedClientPath), `${generatedClientPath} is stale`).toBe(clientSource(modules));
  });
});
