/**
 * Bulk seeding of one channel's history on either dialect (SQLite or PostgreSQL) through Kysely:
 * the same rows as {@link seedHistory} (`seed-history.ts`, SQLite-only prepared statements) —
 * the `messages` row of a plain root message with no personal data and no mention, its full-text
 * row (`messages_fts` on SQLite, `messages_search` with `to_tsvector('simple', …)` on
 * PostgreSQL, both filled from the stored text as `services/chat/search.ts` does), the
 * `message.created` row in `events` with the presented message, and at the end the channel's
 * `last_message_at` and each author's `last_read_message_id`. Multi-row inserts of
 * {@link BATCH} rows in transactions of 10 batches. Message ids are ULIDs 30 s apart in the
 * past, so ids sort like real history; the same seed gives the same texts on both dialects.
 */
import { sql, type Kysely } from 'kysely';
import { monotonicFactory } from 'ulid';
import type { DialectName } from '../../server/src/db/dialect.ts';
import type { Database } from '../../server/src/db/schema/index.ts';
import { presentMessage } from '../../server/src/presenters/message.ts';
import { COMMON_WORD, RARE_WORD } from './corpus.ts';
import { seedPlan, type SeedOptions, type SeedResult } from './seed-history.ts';

/** Rows per multi-row INSERT (13 parameters a row: under SQLite's 32,766 and PostgreSQL's 65,535). */
export const BATCH = 1000;

/**
 * Seeds `opts.count` messages into `opts.channelId` of `db` (a database of `dialect`, migrated,
 * with no server writing to it). Returns cursor ids and the exact marker-word counts; `seedMs`
 * is the wall time, ms. Throws the database's errors (nothing is committed past the failed
 * transaction).
 */
export async function seedHistoryDb(db: Kysely<Database>, dialect: DialectName, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const { rand, gen, rareAt, cursorAt } = seedPlan(opts);
  const nextId = monotonicFactory(rand);
  const stepMs = 30_000;
  const t0 = Date.now() - opts.count * stepMs - 3_600_000;
  const cursors: string[] = [];
  const lastByAuthor = new Map<string, string>();
  let lastAt = '';

  for (let from = 0; from < opts.count; from += BATCH * 10) {
    await db.transaction().execute(async (trx) => {
      for (let b = from; b < Math.min(from + BATCH * 10, opts.count); b += BATCH) {
        const messages = [];
        const events = [];
        for (let i = b; i < Math.min(b + BATCH, opts.count); i++) {
          const ms = t0 + i * stepMs + Math.floor(rand() * 1000);
          const id = nextId(ms);
          const at = new Date(ms).toISOString();
          const author = opts.authorIds[i % opts.authorIds.length] as string;
          const text = gen.next(rareAt.has(i));
          const row = { id, channel_id: opts.channelId, author_id: author, text, entities: '[]', mentions: '[]', thread_root_id: null, client_msg_id: null, reply_count: 0, last_reply_at: null, created_at: at, edited_at: null, deleted_at: null };
          messages.push(row);
          const message = presentMessage({ ...row, pk: 0, files: null });
          events.push({ channel_id: opts.channelId, user_id: null, message_id: id, type: 'message.created', payload: JSON.stringify({ type: 'message.created', channelId: opts.channelId, message }), created_at: at });
          if (cursorAt.has(i)) cursors.push(id);
          lastByAuthor.set(author, id);
          lastAt = at;
        }
        const first = messages[0]?.id as string;
        const last = messages.at(-1)?.id as string;
        await trx.insertInto('messages').values(messages).execute();
        // the full-text rows come from the stored text, keyed by the message row's pk
        if (dialect === 'postgres') {
          await sql`INSERT INTO messages_search (pk, tsv) SELECT pk, to_tsvector('simple', text) FROM messages WHERE channel_id = ${opts.channelId} AND id >= ${first} AND id <= ${last}`.execute(trx);
        } else {
          await sql`INSERT INTO messages_fts (rowid, text) SELECT pk, text FROM messages WHERE channel_id = ${opts.channelId} AND id >= ${first} AND id <= ${last}`.execute(trx);
        }
        await trx.insertInto('events').values(events).execute();
      }
    });
  }
  await db.transaction().execute(async (trx) => {
    if (lastAt) await trx.updateTable('channels').set({ last_message_at: lastAt }).where('id', '=', opts.channelId).execute();
    for (const [author, id] of lastByAuthor) {
      await trx.updateTable('channel_members').set({ last_read_message_id: id }).where('channel_id', '=', opts.channelId).where('user_id', '=', author).execute();
    }
  });
  if (dialect === 'postgres') await sql`ANALYZE`.execute(db);
  return { cursors, rareWord: RARE_WORD, rareCount: rareAt.size, commonWord: COMMON_WORD, commonCount: gen.commonCount, seedMs: performance.now() - started };
}
