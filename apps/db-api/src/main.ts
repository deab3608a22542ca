import path from 'node:path';
import { runService } from '@platform/http';
import { createApp } from './app.js';
import { openDatabases } from './database/open-databases.js';
import { modules } from './modules/index.js';
import { databaseChoiceRule, databaseUrlVariable, namedDatabaseShape, settingsShape } from './settings.js';

const root = path.resolve(import.meta.dirname, '..');
/** Databases the modules ask for besides the default one; each needs DATABASE_URL_<NAME>. */
const extraDatabases = [
  ...new Set(
    modules.flatMap((module) => Object.values(module.actions).map((action) => action.database ?? 'default')),
  ),
].filter((name) => name !== 'default');

await runService({
  app: 'db-api',
  root,
  shape: { ...settingsShape, ...namedDatabaseShape(extraDatabases) },
  rules: databaseChoiceRule,
  start: async ({ settings, logger, readiness }) => {
    const named = Object.fromEntries(
      extraDatabases.map((name) => [
        name,
        (settings as Record<string, unknown>)[databaseUrlVariable(name)] as string,
      ]),
    );
    const databases = await openDatabases({ settings, named, root, logger, readiness });
    const app = createApp({
      logger,
      readiness,
      databases: databases.registry,
      tokens: settings.BEARER,
      bodyLimit: settings.BODY_LIMIT,
      batchMaxItems: settings.BATCH_MAX_ITEMS,
      trustProxy: settings.TRUST_PROXY,
      modules,
    });
    return { handler: app, close: databases.close };
  },
});
