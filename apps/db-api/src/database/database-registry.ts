import { AppError } from '@platform/errors';
import type { Database } from '@platform/db';

/** The configured databases by name (the seed's DATABASES map), each with its own pool. */
export class DatabaseRegistry {
  readonly #byName: ReadonlyMap<string, Database>;

  constructor(databases: Iterable<Database>) {
    this.#byName = new Map([...databases].map((database) => [database.name, database]));
  }

  get names(): string[] {
    return [...this.#byName.keys()];
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(name: string): Database {
    const database = this.#byName.get(name);
    if (!database) {
      throw new AppError('UNKNOWN_DATABASE', `No database named ${JSON.stringify(name)} is configured`, {
        statusCode: 500,
      });
    }
    return database;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#byName.values()].map((database) => database.close()));
  }
}
