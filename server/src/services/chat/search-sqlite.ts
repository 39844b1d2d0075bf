/**
 * SQLite full-text search (FTS5), used through `search.ts` (which picks this module or
 * `search-postgres.ts` by dialect). The index is a contentless FTS5 table with `contentless_delete=1`
 * (SQLite ≥ 3.43, https://sqlite.org/fts5.html#contentless_delete_tables): it stores no copy of
 * the text, its rowid is `messages.pk`, and it is kept in sync by the message service inside the
 * same transaction as the change.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { param, prepareQuery } from '../../db/prepared.ts';

const insertFts = prepareQuery<{ pk: number; text: string }>((db) => ({
  compile: () => sql`INSERT INTO messages_fts (rowid, text) VALUES (${param<number>('pk')}, ${param('text')})`.compile(db),
}));

/** Creates the `messages_fts` virtual table (migration 001). */
export async function createSqliteSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE VIRTUAL TABLE messages_fts USING fts5(text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
}

/** Drops `messages_fts` (migration 001 down). */
export async function dropSqliteSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS messages_fts`.execute(db);
}

/**
 * Rebuilds the FTS5 index from the stored (tokenized) texts: `delete-all` drops every segment
 * (freed pages are zeroed by `secure_delete`), then each live message is re-inserted and the
 * segments merged (`optimize`). https://sqlite.org/fts5.html#the_delete_all_command
 */
export async function rebuildSqliteSearchIndex(db: Kysely<Database>): Promise<void> {
  await sql`INSERT INTO messages_fts (messages_fts) VALUES ('delete-all')`.execute(db);
  await sql`INSERT INTO messages_fts (rowid, text) SELECT pk, text FROM messages WHERE deleted_at IS NULL AND text <> ''`.execute(db);
  await sql`INSERT INTO messages_fts (messages_fts) VALUES ('optimize')`.execute(db);
}

/** Adds (or replaces) the indexed text of message row `pk`. */
export async function indexMessageText(db: Kysely<Database>, pk: number, text: string): Promise<void> {
  await sql`DELETE FROM messages_fts WHERE rowid = ${pk}`.execute(db);
  if (text.length > 0) await sql`INSERT INTO messages_fts (rowid, text) VALUES (${pk}, ${text})`.execute(db);
}

/** Adds the text of a new message row `pk` (not yet indexed). */
export async function addToIndex(db: Kysely<Database>, pk: number, text: string): Promise<void> {
  if (text.length > 0) await insertFts.execute(db, { pk, text });
}

/** Removes message row `pk` from the index. */
export async function unindexMessage(db: Kysely<Database>, pk: number): Promise<void> {
  await sql`DELETE FROM messages_fts WHERE rowid = ${pk}`.execute(db);
}

/**
 * Turns free text into a safe FTS5 query: each word becomes a quoted phrase, all must match.
 * No prefix queries: FTS5 merges the whole doclist of every matching term for a prefix, which
 * costs ~100 ms for a common word over 10^6 messages, while exact tokens stream in rowid order.
 * Returns null when no word remains. Grammar: https://sqlite.org/fts5.html#full_text_query_syntax
 */
export function toFtsQuery(q: string): string | null {
  const words = q.match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return null;
  return words
    .slice(0, 16)
    .map((w) => `"${w}"`)
    .join(' ');
}

/** One hit: the message's row key. */
export interface SearchHit {
  pk: number;
}

/**
 * Message row keys matching `q`, newest first, only in channels the user is a member of now,
 * not deleted, with `pk < beforePk` when given. At most `limit` rows.
 */
export async function searchMessagePks(
  db: Kysely<Database>,
  args: { userId: string; q: string; channelId?: string; beforePk?: number; limit: number },
): Promise<number[]> {
  const match = toFtsQuery(args.q);
  if (!match) return [];
  const before = args.beforePk ?? Number.MAX_SAFE_INTEGER;
  const channelFilter = args.channelId ? sql`AND m.channel_id = ${args.channelId}` : sql``;
  const rows = await sql<SearchHit>`
    SELECT m.pk AS pk FROM messages_fts f
    JOIN messages m ON m.pk = f.rowid
    JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = ${args.userId}
    WHERE messages_fts MATCH ${match} AND f.rowid < ${before} AND m.deleted_at IS NULL ${channelFilter}
    ORDER BY f.rowid DESC
    LIMIT ${args.limit}`.execute(db);
  return rows.rows.map((r) => r.pk);
}
