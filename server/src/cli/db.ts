/**
 * `enclave db migrate [--init]` — applies the pending numbered database migrations and exits, for
 * operators who migrate once before rolling a new version out to several nodes (`serve` also
 * migrates at start). Prints one line: how many migrations were applied and which is the newest.
 * Refuses a data folder without a database (exit 2) unless `--init` creates one. Reads
 * `ENCLAVE_DATA_DIR` (and `DATABASE_URL` once PostgreSQL is supported by the database layer).
 * Exit 0 done, 2 usage error, no database, or a failed migration (named on stderr).
 */
import { parseArgs } from 'node:util';
import { Migrator } from 'kysely';
import { ConfigError, loadConfig } from '../config/index.ts';
import { MIGRATIONS } from '../db/migrations/index.ts';
import { openCliDatabase } from './open-database.ts';

const USAGE = 'usage: enclave db migrate [--init]\n';

/** Runs `enclave db …`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'migrate') {
    process.stderr.write(USAGE);
    return 2;
  }
  let init = false;
  try {
    const { values } = parseArgs({ args: rest, options: { init: { type: 'boolean', default: false } }, strict: true, allowPositionals: false });
    init = values.init;
  } catch (err) {
    process.stderr.write(`enclave db migrate: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`enclave db migrate: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const total = Object.keys(MIGRATIONS).length;
  let open;
  try {
    open = await openCliDatabase(config, { command: 'enclave db migrate', init });
  } catch (err) {
    process.stderr.write(`enclave db migrate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (!open) return 2;
  try {
    const state = await new Migrator({ db: open.db, provider: { getMigrations: async () => MIGRATIONS } }).getMigrations();
    const applied = state.filter((m) => m.executedAt !== undefined);
    const newest = applied.at(-1)?.name ?? 'none';
    process.stdout.write(`database schema up to date: ${applied.length} of ${total} migrations applied, newest ${newest}\n`);
    return applied.length === total ? 0 : 2;
  } finally {
    await open.close();
  }
}
