// Test helpers (`@platform/db/testing`): for tests only, never imported by production code.
export {
  createTestDatabase,
  testServerUrl,
  type TestDatabase,
  type TestDatabaseOptions,
} from './testing/create-test-database.js';
