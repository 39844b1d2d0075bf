/**
 * `enclave hashlist import --name N [--threshold D] FILE` → one JSON line `{ "id", "name",
 * "entries" }` (PRODUCT.md); the file (HMA CSV `signal_type,signal`, or one PDQ/MD5 hex per line)
 * is streamed and checked whole before anything is written, then stored in one transaction with
 * its audit event. `enclave hashlist list` → one JSON line per list; `enclave hashlist delete --id
 * ID`. Works while the server runs (SQLite WAL). Exit 2 on usage, I/O or format errors (each
 * malformed line named by number on stderr).
 */
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import { AppError } from '../errors.ts';
import { DEFAULT_PDQ_THRESHOLD, deleteHashList, listHashLists, prepareHashList, storeHashList } from '../services/hashlists/index.ts';
import { openCliDatabase } from './open-database.ts';

const USAGE = `usage: enclave hashlist import --name N [--threshold D] FILE | list | delete --id ID
  (threshold: largest PDQ Hamming distance that matches, 0..63, default ${DEFAULT_PDQ_THRESHOLD})\n`;

function describe(err: unknown): string {
  if (err instanceof AppError) {
    const lines = (err.extra?.lines as Array<{ line: number; message: string }> | undefined) ?? [];
    return [err.message, ...lines.map((l) => `  line ${l.line}: ${l.message}`)].join('\n');
  }
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code ? `cannot read the file (${code})` : err instanceof Error ? err.message : String(err);
}

export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  let values: { name?: string; threshold?: string; id?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: { name: { type: 'string' }, threshold: { type: 'string' }, id: { type: 'string' } }, strict: true, allowPositionals: true }));
  } catch (err) {
    process.stderr.write(`enclave hashlist: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
  const ok =
    (sub === 'import' && values.name !== undefined && positionals.length === 1 && (threshold === undefined || /^\d+$/.test(values.threshold ?? ''))) ||
    (sub === 'list' && positionals.length === 0) ||
    (sub === 'delete' && values.id !== undefined && positionals.length === 0);
  if (!ok) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const config = loadConfig();
    const database = await openCliDatabase(config, { command: `enclave hashlist ${sub}` });
    if (!database) return 2;
    try {
      if (sub === 'list') {
        for (const l of await listHashLists(database.db)) process.stdout.write(`${JSON.stringify(l)}\n`);
        return 0;
      }
      if (sub === 'delete') {
        await database.db.transaction().execute((trx) => deleteHashList(trx, { id: values.id as string, actor: 'cli' }));
        process.stdout.write(`${JSON.stringify({ id: values.id, deleted: true })}\n`);
        return 0;
      }
      const prepared = await prepareHashList({ name: values.name as string, threshold, source: createReadStream(positionals[0] as string) });
      const out = await database.db.transaction().execute((trx) => storeHashList(trx, prepared, 'cli'));
      process.stdout.write(`${JSON.stringify({ id: out.id, name: out.name, entries: out.entries })}\n`);
      if (out.duplicates > 0) process.stderr.write(`enclave hashlist import: ${out.duplicates} duplicate signal(s) kept once\n`);
      return 0;
    } finally {
      await database.close();
    }
  } catch (err) {
    process.stderr.write(`enclave hashlist ${sub}: ${describe(err)}\n`);
    return 2;
  }
}
