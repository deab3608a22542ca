import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyWorkspace, type RunResult, type WorkspaceCopy } from './support/workspace-copy.js';

let copy: WorkspaceCopy;
let generated: RunResult;

beforeAll(async () => {
  copy = copyWorkspace();
  generated = await copy.run('npx', ['nx', 'g', '@platform/plugin:db-module', 'notes']);
});

afterAll(() => copy?.remove());

describe('nx g @platform/plugin:db-module', () => {
  it('generates the module, its migration and its test', () => {
    expect(generated.code, generated.stderr).toBe(0);
    const migrations = readdirSync(path.join(copy.root, 'apps/db-api/migrations/default')).sort();
    expect(migrations.at(-1)).toMatch(/^\d+_create-notes-items\.sql$/);
    // db-api's contract snapshot and typed client take the new actions in.
    const snapshot = readFileSync(path.join(copy.root, 'apps/db-api/openapi.snapshot.json'), 'utf8');
    expect(snapshot).toContain('"/notes/"');
    const client = readFileSync(
      path.join(copy.root, 'libs/db-api-client/src/generated/db-api-actions.ts'),
      'utf8',
    );
    expect(client).toContain('notes');
  });

  it("keeps db-api's lint, typecheck and unit tests green", async () => {
    const result = await copy.run('npx', [
      'nx',
      'run-many',
      '-t',
      'lint',
      'typecheck',
      'test',
      '-p',
      'db-api',
      '--output-style=static',
    ]);
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
  });

  it("migrates a throwaway PostgreSQL database and answers the module's actions, listed in /openapi.json", async () => {
    // The generated test: POST /notes/ answers true, POST /notes/add stores a row, /openapi.json lists both;
    // with db-api's migration test, which applies every migration once.
    const result = await copy.run(
      'npx',
      [
        'vitest',
        'run',
        '--mode',
        'integration',
        'test/notes-module.integration.test.ts',
        'test/migrations.integration.test.ts',
      ],
      { cwd: 'apps/db-api' },
    );
    expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/notes-module\.integration\.test\.ts.*\(4 tests\)/);
  });

  it('refuses an existing module with a clear message', async () => {
    const result = await copy.run('npx', ['nx', 'g', '@platform/plugin:db-module', 'notes']);
    expect(result.code).not.toBe(0);
    expect(`${result.stdout}${result.stderr}`).toContain('Module "notes" exists already');
  });
});
