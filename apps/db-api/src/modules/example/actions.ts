import { defineAction } from '../../actions/define-action.js';
import {
  AddUsersInput,
  FooInput,
  FooOutput,
  RootInput,
  RootOutput,
  UsersInput,
  UsersOutput,
} from './schemas.js';
import { SQL_INSERT_USER, SQL_USERS, SQL_USERS_IN } from './sql.js';

export const root = defineAction({
  summary: 'Answers true: the module is up',
  input: RootInput,
  output: RootOutput,
  readOnly: true,
  handler: () => true,
});

export const foo = defineAction({
  summary: 'Echoes the name and e-mail with the server time',
  input: FooInput,
  output: FooOutput,
  readOnly: true,
  handler: ({ name, email }) => ({ name, email: email ?? false, time: new Date() }),
});

export const bar = defineAction({
  summary: "Upserts the user in a transaction, then returns the user's rows",
  input: FooInput,
  output: UsersOutput,
  database: 'default',
  handler: async ({ name, email }, { transaction, database }) => {
    // On the injected database, as the seed's `with transactional(conn) as db`.
    await transaction((tx) => tx.upsert('users', { email: email ?? null }, { name }));
    // A database by name, as the seed's get_conn_from_dbname(DEFAULT).
    return database('default').fetchAll(SQL_USERS, { name });
  },
});

export const users = defineAction({
  summary: 'The users with this name (read-only)',
  input: UsersInput,
  output: UsersOutput,
  readOnly: true,
  handler: ({ name }, { db }) => db.fetchAll(SQL_USERS, { name }),
});

export const addUsers = defineAction({
  summary: 'Adds several users in one transaction: all of them, or none when any insert fails',
  description:
    'One INSERT per user; a name that already exists answers 409 UNIQUE_VIOLATION and adds nobody.',
  input: AddUsersInput,
  output: UsersOutput,
  transaction: 'read-write',
  handler: async ({ users: list }, { db }) => {
    for (const user of list)
      await db.execute(SQL_INSERT_USER, { name: user.name, email: user.email ?? null });
    return db.fetchAll(SQL_USERS_IN, { names: list.map((user) => user.name) });
  },
});
