// Schema changes are knex migrations in services/shared/migrations/, applied in file-name order
// (0001_..., 0002_...). They are TypeScript modules loaded through the tsx loader that both
// `npm start` and the tests run under. knex's migration lock lets several processes call
// migrate() at start-up: one applies, the others wait and find nothing left to do.
import { fileURLToPath } from 'node:url';
import knex from 'knex';

export const migrationsDirectory = fileURLToPath(new URL('../migrations/', import.meta.url));

/** Applies pending migrations; returns the file names applied by this call. */
export const migrate = async (connectionString: string): Promise<string[]> => {
  const db = knex({ client: 'pg', connection: connectionString });
  try {
    const [, applied]: [number, string[]] = await db.migrate.latest({
      directory: migrationsDirectory,
      loadExtensions: ['.ts'],
      sortDirsSeparately: false,
    });
    return applied;
  } finally {
    await db.destroy();
  }
};
