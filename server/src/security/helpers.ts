/**
 * Helpers of the security tests: planted fake values, byte scans of the SQLite files in UTF-8 and
 * UTF-16 (LE and BE), and a server whose pino output is captured.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogger } from '../logger.ts';
import type { ContextOverrides } from '../context.ts';
import { startServer, type TestServer } from '../test/factories.ts';
import type { OpenDatabase } from '../db/database.ts';
import { findInTables } from '../test/database.ts';

/** Obviously fake personal data (RFC 2606 / RFC 5737 / test IMEI / test card). */
export const PLANTED = {
  email: 'jane.doe@example.com',
  ip: '192.0.2.44',
  imei: '490154203237518',
  card: '4111 1111 1111 1111',
} as const;
export const PLANTED_VALUES: readonly string[] = Object.values(PLANTED);

/** The done-when text. */
export const DONE_WHEN = `user ${PLANTED.email} from ${PLANTED.ip} on IMEI ${PLANTED.imei}`;

function utf16be(s: string): Buffer {
  const le = Buffer.from(s, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1] as number;
    be[i + 1] = le[i] as number;
  }
  return be;
}

/** Which of `values` occur in `bytes` as UTF-8, UTF-16LE or UTF-16BE (returns `value/encoding` labels). */
export function findInBytes(bytes: Buffer, values: readonly string[]): string[] {
  const hits: string[] = [];
  for (const v of values) {
    if (bytes.includes(Buffer.from(v, 'utf8'))) hits.push(`${v}/utf8`);
    if (bytes.includes(Buffer.from(v, 'utf16le'))) hits.push(`${v}/utf16le`);
    if (bytes.includes(utf16be(v))) hits.push(`${v}/utf16be`);
  }
  return hits;
}

/** Scans the database file and its `-wal` and `-journal` companions; returns `file:value/encoding` hits. */
export function scanDatabaseFiles(file: string, values: readonly string[] = PLANTED_VALUES): string[] {
  const hits: string[] = [];
  for (const f of [file, `${file}-wal`, `${file}-journal`]) {
    if (!existsSync(f)) continue;
    for (const h of findInBytes(readFileSync(f), values)) hits.push(`${f.slice(file.length) || 'db'}:${h}`);
  }
  return hits;
}

/** A test server whose log lines (pino JSON, level `debug`) are kept in `logs()`. */
export async function startLoggedServer(overrides: ContextOverrides = {}): Promise<TestServer & { logs(): string }> {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const srv = await startServer({ logger: createLogger('debug', sink), limits: { messages: 10_000 }, ...overrides });
  return Object.assign(srv, { logs: () => chunks.join('') });
}

/**
 * Where any of `values` sits raw in the database: on SQLite the file and its `-wal`/`-journal`
 * ({@link scanDatabaseFiles}, after a WAL checkpoint), on PostgreSQL every column of every table
 * of the schema scanned with SQL (`findInTables`), as `table.column:value`.
 */
export async function scanDatabase(database: OpenDatabase, values: readonly string[] = PLANTED_VALUES): Promise<string[]> {
  if (database.dialect === 'sqlite') return scanDatabaseFiles(database.file, values);
  const hits: string[] = [];
  for (const v of values) for (const where of await findInTables(database, v)) hits.push(`${where}:${v}`);
  return hits;
}

/** The terms held by the full-text index (SQLite: FTS5 vocabulary; PostgreSQL: `ts_stat` of `messages_search`). */
export async function indexedTerms(database: OpenDatabase): Promise<Set<string>> {
  if (database.dialect === 'postgres') {
    return new Set((await database.raw.all<{ word: string }>("SELECT word FROM ts_stat('SELECT tsv FROM messages_search')")).map((r) => r.word));
  }
  await database.raw.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_vocab USING fts5vocab(main, 'messages_fts', 'row')");
  return new Set((await database.raw.all<{ term: string }>('SELECT term FROM temp.fts_vocab')).map((r) => r.term));
}
