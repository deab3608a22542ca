export {
  createDbApiClient,
  type ActionInput,
  type ActionName,
  type ActionOutput,
  type BatchItem,
  type BatchResults,
  type CallOptions,
  type DbApiClient,
  type DbApiClientOptions,
  type ModuleMethods,
} from './create-db-api-client.js';
export { DbApiError, isDbApiError, type DbApiErrorBody, type DbApiErrorOptions } from './db-api-error.js';
export type * from './generated/db-api-actions.js';
