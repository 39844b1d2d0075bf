/**
 * How the non-serve commands open the database: never create one by accident. A command run
 * with the wrong `ENCLAVE_DATA_DIR` would otherwise silently create a new, empty database and
 * act on it (an account nobody can use, a verify that checks nothing).
 */
import { migrateToLatest, openSqlite, sqliteFileExists, type OpenDatabase } from '../db/database.ts';

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
 * Opens and migrates `<dataDir>/enclave.sqlite`, writing `COMMAND: using database FILE` to stderr.
 * When the file does not exist and `init` is not set, writes a message naming the folder and the
 * `--init` / `ENCLAVE_DATA_DIR` remedies and returns `undefined` (the caller exits 2); nothing is
 * created. Throws on database errors (a failed migration).
 */
export async function openCliDatabase(dataDir: string, opts: OpenCliDatabaseOptions): Promise<OpenDatabase | undefined> {
  const stderr = opts.stderr ?? process.stderr;
  const exists = sqliteFileExists(dataDir);
  if (!exists && !opts.init) {
    stderr.write(
      `${opts.command}: no database in ${dataDir} (ENCLAVE_DATA_DIR); refusing to create one. ` +
        'Set ENCLAVE_DATA_DIR to the server\'s data folder, or pass --init to create a new database there.\n',
    );
    return undefined;
  }
  const open = openSqlite(dataDir);
  try {
    await migrateToLatest(open.db);
  } catch (err) {
    await open.close();
    throw err;
  }
  stderr.write(`${opts.command}: ${exists ? 'using' : 'created'} database ${open.file}\n`);
  return open;
}
