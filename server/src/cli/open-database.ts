/**
 * How the non-serve commands open the database: never create one by accident. A command run
 * with the wrong `ENCLAVE_DATA_DIR` would otherwise silently create a new, empty database and
 * act on it (an account nobody can use, a verify that checks nothing).
 */
import { isMigrated, migrateToLatest, openDatabase, sqliteFileExists, type OpenDatabase } from '../db/database.ts';
import { isPostgresUrl } from '../db/postgres.ts';

/** Options of {@link openCliDatabase}. */
export interface OpenCliDatabaseOptions {
  /** Command name for messages, e.g. `"enclave users add"`. */
  command: string;
  /** Create (and migrate) a new database when the folder has none (`--init`). */
  init?: boolean;
  /** Where the messages go (default `process.stderr`). */
  stderr?: { write(s: string): unknown };
}

/**
 * Opens and migrates `<dataDir>/enclave.sqlite`, or the PostgreSQL database of `databaseUrl` (a
 * `postgres://` URL), writing `COMMAND: using database WHERE` to stderr (a URL without its
 * password). When there is no database (SQLite: no file; PostgreSQL: never migrated) and `init`
 * is not set, writes a message naming the folder or URL and the `--init` / `ENCLAVE_DATA_DIR`
 * remedies and returns `undefined` (the caller exits 2); nothing is created. Throws on database
 * errors (unreachable server, a failed migration).
 */
export async function openCliDatabase(where: { dataDir: string; databaseUrl?: string | undefined }, opts: OpenCliDatabaseOptions): Promise<OpenDatabase | undefined> {
  const stderr = opts.stderr ?? process.stderr;
  const postgres = where.databaseUrl !== undefined && isPostgresUrl(where.databaseUrl);
  // SQLite: look before opening (opening creates the file).
  if (!postgres && !sqliteFileExists(where.dataDir) && !opts.init) {
    stderr.write(
      `${opts.command}: no database in ${where.dataDir} (ENCLAVE_DATA_DIR); refusing to create one. ` +
        'Set ENCLAVE_DATA_DIR to the server\'s data folder, or pass --init to create a new database there.\n',
    );
    return undefined;
  }
  const existed = postgres || sqliteFileExists(where.dataDir);
  const open = openDatabase(where);
  try {
    const exists = postgres ? await isMigrated(open) : existed;
    if (!exists && !opts.init) {
      stderr.write(`${opts.command}: no database at ${open.file} (DATABASE_URL: never migrated); refusing to create one. Pass --init to create it there.\n`);
      await open.close();
      return undefined;
    }
    await migrateToLatest(open.db);
    stderr.write(`${opts.command}: ${exists ? 'using' : 'created'} database ${open.file}\n`);
    return open;
  } catch (err) {
    await open.close();
    throw err;
  }
}
