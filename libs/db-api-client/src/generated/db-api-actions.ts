// Generated from db-api's action registry by `npx nx run db-api:generate-client`. Do not edit:
// a db-api unit test fails when this file differs from what the registry generates.

/** example/: what the caller sends. Answers true: the module is up */
export type ExampleRootInput = Record<string, never>;

/** example/: the JSON answer. */
export type ExampleRootOutput = true;

/** example/foo: what the caller sends. Echoes the name and e-mail with the server time */
export type ExampleFooInput = {
  /** The user name (unique) */
  name: string;
  /** An e-mail address (RFC 5321 lengths) */
  email?: string;
};

/** example/foo: the JSON answer. */
export type ExampleFooOutput = {
  name: string;
  /** The e-mail, or false when none was given */
  email: string | false;
  /** Server time (ISO-8601) */
  time: string;
};

/** example/bar: what the caller sends. Upserts the user in a transaction, then returns the user's rows */
export type ExampleBarInput = {
  /** The user name (unique) */
  name: string;
  /** An e-mail address (RFC 5321 lengths) */
  email?: string;
};

/** example/bar: the JSON answer. */
export type ExampleBarOutput = ({
  name: string;
  email: string | null;
})[];

/** example/users: what the caller sends. The users with this name (read-only) */
export type ExampleUsersInput = {
  /** The user name (unique) */
  name: string;
};

/** example/users: the JSON answer. */
export type ExampleUsersOutput = ({
  name: string;
  email: string | null;
})[];

/** example/add-users: what the caller sends. Adds several users in one transaction: all of them, or none when any insert fails */
export type ExampleAddUsersInput = {
  /** Users to add, all or none */
  users: {
    /** The user name (unique) */
    name: string;
    /** An e-mail address (RFC 5321 lengths) */
    email?: string;
  }[];
};

/** example/add-users: the JSON answer. */
export type ExampleAddUsersOutput = ({
  name: string;
  email: string | null;
})[];

/** Every action by its batch name, `<module>/<action>`, with its input and output types. */
export interface DbApiActions {
  'example/': { input: ExampleRootInput; output: ExampleRootOutput };
  'example/foo': { input: ExampleFooInput; output: ExampleFooOutput };
  'example/bar': { input: ExampleBarInput; output: ExampleBarOutput };
  'example/users': { input: ExampleUsersInput; output: ExampleUsersOutput };
  'example/add-users': { input: ExampleAddUsersInput; output: ExampleAddUsersOutput };
}

/** The client's methods: module → method → action. */
export const dbApiModules = {
  example: {
    root: 'example/',
    foo: 'example/foo',
    bar: 'example/bar',
    users: 'example/users',
    addUsers: 'example/add-users',
  },
} as const;
