export { createPool, type PoolOptions } from './create-pool.js';
export { Database, type DatabaseOptions, type DatabaseStats } from './database.js';
export {
  DatabaseError,
  UnsafeStatementError,
  isDatabaseError,
  type DatabaseErrorOptions,
} from './database-error.js';
export { Db, type DbOptions, type Queryable, type SqlParams } from './db.js';
export { quoteIdentifier, quoteQualifiedName } from './identifiers.js';
export { compileNamed, bindNamed, type CompiledStatement } from './named-parameters.js';
export type { Row, Statement } from './statements.js';
export { poolExhausted, toDatabaseError } from './to-database-error.js';
export {
  inTransaction,
  transactional,
  type ConnectionSource,
  type IsolationLevel,
  type TransactionBody,
  type TransactionOptions,
} from './transactional.js';
export { exactTypes } from './type-parsers.js';
