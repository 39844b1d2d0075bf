/**
 * PostgreSQL full-text search: `messages_search (pk, tsv)` holds each live message's
 * `tsvector` (the `simple` configuration: lower-cased words, no stemming, no stop words — like
 * SQLite's `unicode61` tokenizer), with a GIN index. Like the FTS5 index it stores no copy of the
 * text, only its words, and the message service keeps it in step inside the same transaction.
 * Diacritics are removed before indexing and querying (as FTS5's `remove_diacritics 2`).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** `text` without combining marks (NFD, marks dropped): "Café" → "Cafe". */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '');
}

/** Creates `messages_search` and its GIN index (migration 001). */
export async function createPostgresSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE messages_search (pk integer PRIMARY KEY, tsv tsvector NOT NULL)`.execute(db);
  await sql`CREATE INDEX messages_search_tsv ON messages_search USING GIN (tsv)`.execute(db);
}

/** Drops `messages_search`. */
export async function dropPostgresSearchIndex(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS messages_search`.execute(db);
}

/** Adds (or replaces) the indexed text of message row `pk`; empty text removes it. */
export async function indexMessageTextPg(db: Kysely<Database>, pk: number, text: string): Promise<void> {
  if (text.length === 0) {
    await unindexMessagePg(db, pk);
    return;
  }
  await sql`INSERT INTO messages_search (pk, tsv) VALUES (${pk}, to_tsvector('simple', ${foldDiacritics(text)}))
    ON CONFLICT (pk) DO UPDATE SET tsv = excluded.tsv`.execute(db);
}

/** Removes message row `pk` from the index. */
export async function unindexMessagePg(db: Kysely<Database>, pk: number): Promise<void> {
  await sql`DELETE FROM messages_search WHERE pk = ${pk}`.execute(db);
}

/** Message row keys matching every word of `words`, newest first (see `search.ts`). */
export async function searchMessagePksPg(
  db: Kysely<Database>,
  args: { userId: string; words: string[]; channelId?: string; beforePk?: number; limit: number },
): Promise<number[]> {
  const query = foldDiacritics(args.words.join(' '));
  const channelFilter = args.channelId ? sql`AND m.channel_id = ${args.channelId}` : sql``;
  const beforeFilter = args.beforePk === undefined ? sql`` : sql`AND f.pk < ${args.beforePk}`;
  const rows = await sql<{ pk: number }>`
    SELECT m.pk AS pk FROM messages_search f
    JOIN messages m ON m.pk = f.pk
    JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = ${args.userId}
    WHERE f.tsv @@ plainto_tsquery('simple', ${query}) ${beforeFilter} AND m.deleted_at IS NULL ${channelFilter}
    ORDER BY f.pk DESC
    LIMIT ${args.limit}`.execute(db);
  return rows.rows.map((r) => r.pk);
}

/** Rebuilds the index from the stored (tokenized) texts of live messages, 1,000 rows at a time. */
export async function rebuildPostgresSearchIndex(db: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM messages_search`.execute(db);
  for (let after = 0; ; ) {
    const rows = await db.selectFrom('messages').select(['pk', 'text']).where('pk', '>', after).where('deleted_at', 'is', null).orderBy('pk').limit(1000).execute();
    for (const r of rows) if (r.text !== '') await indexMessageTextPg(db, r.pk, r.text);
    const last = rows.at(-1);
    if (!last || rows.length < 1000) break;
    after = last.pk;
  }
}
