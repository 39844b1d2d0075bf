/**
 * `enclave import slack PATH [--as EMAIL]` (full import, see `services/import/slack-import.ts`):
 * needs the server's database (`ENCLAVE_DATA_DIR`, or `DATABASE_URL` for PostgreSQL; never
 * creates one) and master key. `--as`
 * names the active account recorded as the importer (default: actor `cli`, channels owned by a
 * deactivated "Slack import" account). Prints one JSON summary line (counts only).
 */
import { basename } from 'node:path';
import { loadConfig } from '../config/index.ts';
import { buildContext } from '../context.ts';
import { databaseExists } from '../db/database.ts';
import { isPostgresUrl, redactUrl } from '../db/postgres.ts';
import { normalizeEmail } from '../services/users/users.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from '../services/import/import-setup.ts';
import { importExport } from '../services/import/slack-import.ts';
import { openExport } from '../services/import/slack-source.ts';
import { progressBar } from './import.ts';

/** Imports the export at `path`; returns the exit code (2: no database, unknown `--as`). */
export async function importCommand(path: string, opts: { as?: string | undefined }): Promise<number> {
  const config = loadConfig();
  if (!(await databaseExists(config))) {
    const where = config.databaseUrl && isPostgresUrl(config.databaseUrl)
      ? `at ${redactUrl(config.databaseUrl)} (DATABASE_URL: never migrated); refusing to create one. Run bin/enclave db migrate --init first.`
      : `in ${config.dataDir} (ENCLAVE_DATA_DIR); refusing to create one. Set ENCLAVE_DATA_DIR to the server's data folder.`;
    process.stderr.write(`enclave import: no database ${where}\n`);
    return 2;
  }
  const src = await openExport(path);
  const ctx = await buildContext(config);
  try {
    let actor = 'cli';
    let createdBy: string;
    if (opts.as) {
      const u = await ctx.db.selectFrom('users').select(['id']).where('email', '=', normalizeEmail(opts.as)).where('active', '=', 1).executeTakeFirst();
      if (!u) {
        process.stderr.write('enclave import: --as names no active account\n');
        return 2;
      }
      actor = u.id;
      createdBy = u.id;
    } else createdBy = (await ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
    const bar = progressBar('importing');
    const summary = await importExport({ db: ctx.db, privacy: ctx.privacy }, src, { actor, createdBy, onProgress: bar.update, sourceName: basename(path) });
    bar.stop();
    for (const f of summary.malformedDayFiles) process.stderr.write(`enclave import: skipped malformed day file ${JSON.stringify(f)}\n`);
    for (const w of src.warnings) process.stderr.write(`enclave import: ${w}\n`);
    process.stdout.write(`${JSON.stringify({ ...summary, malformedDayFiles: summary.malformedDayFiles.length })}\n`);
    return 0;
  } finally {
    await src.close();
    await ctx.close();
  }
}
