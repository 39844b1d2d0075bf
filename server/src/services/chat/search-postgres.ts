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

/** How many of the newest index rows {@link searchMessagePksPg} checks before it asks the GIN index. */
export const RECENT_WINDOW = 5000;

/**
 * Message row keys matching every word of `words`, newest first (see `search.ts`).
 *
 * Two steps, because neither of PostgreSQL's plans is good for every word. Walking the primary
 * key backwards and testing each row's `tsvector` finds a common word's newest hits at once, but
 * a rare word makes it read most of the table (at 1,000,000 messages: 733,000 rows, ≈ 230 ms);
 * the GIN index finds a rare word's few hits at once, but a common word's 80,000 hits cost a
 * bitmap heap scan and a sort (≈ 250 ms). The planner picks between them from an estimate that
 * is wrong for words outside its most-common list (`bench/cluster/run.ts`, history part). So:
 * 1. the newest {@link RECENT_WINDOW} index rows (before the cursor) are tested directly; when
 *    they hold a full page of the caller's hits, that is the answer;
 * 2. otherwise the GIN index gives every older hit (a materialized CTE: the bitmap scan, never
 *    the backward walk) and each is checked against the caller's memberships by primary key
 *    (`LATERAL` with `LIMIT 1`, which keeps the planner from flattening it into the same merge join
 *    along the primary key: one index lookup per hit, newest first, stopping at the page's end).
 */
export async function searchMessagePksPg(
  db: Kysely<Database>,
  args: { userId: string; words: string[]; channelId?: string; beforePk?: number; limit: number },
): Promise<number[]> {
  const query = foldDiacritics(args.words.join(' '));
  const channelFilter = args.channelId ? sql`AND m.channel_id = ${args.channelId}` : sql``;
  const beforeFilter = args.beforePk === undefined ? sql`` : sql`WHERE pk < ${args.beforePk}`;
  const recent = await sql<{ pk: number }>`
    WITH w AS MATERIALIZED (SELECT pk, tsv FROM messages_search ${beforeFilter} ORDER BY pk DESC LIMIT ${RECENT_WINDOW})
    SELECT m.pk AS pk FROM w
    JOIN messages m ON m.pk = w.pk
    JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = ${args.userId}
    WHERE w.tsv @@ plainto_tsquery('simple', ${query}) AND m.deleted_at IS NULL ${channelFilter}
    ORDER BY w.pk DESC
    LIMIT ${args.limit}`.execute(db);
  const found = recent.rows.map((r) => Number(r.pk));
  if (found.length >= args.limit) return found;
  const edge = await sql<{ low: number | null; n: number | string }>`
    SELECT min(pk) AS low, count(*) AS n FROM (SELECT pk FROM messages_search ${beforeFilter} ORDER BY pk DESC LIMIT ${RECENT_WINDOW}) w`.execute(db);
  const low = edge.rows[0]?.low;
  if (Number(edge.rows[0]?.n ?? 0) < RECENT_WINDOW || low === null || low === undefined) return found;
  const older = await sql<{ pk: number }>`
    WITH hits AS MATERIALIZED (SELECT pk FROM messages_search WHERE tsv @@ plainto_tsquery('simple', ${query}) AND pk < ${low})
    SELECT h.pk AS pk FROM hits h
    CROSS JOIN LATERAL (
      SELECT 1 FROM messages m
      JOIN channel_members cm ON cm.channel_id = m.channel_id AND cm.user_id = ${args.userId}
      WHERE m.pk = h.pk AND m.deleted_at IS NULL ${channelFilter}
      LIMIT 1
    ) ok
    ORDER BY h.pk DESC
    LIMIT ${args.limit - found.length}`.execute(db);
  return [...found, ...older.rows.map((r) => Number(r.pk))];
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
