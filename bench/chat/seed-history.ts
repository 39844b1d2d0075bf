/**
 * Bulk seeding of one channel's history with N messages, writing exactly the rows that
 * `createMessage` (server/src/services/chat/messages.ts) writes for a plain root message with the
 * pass-through guard and no @mention: the `messages` row, its `messages_fts` row (rowid = pk),
 * the `message.created` row in `events` (payload = `{ type, channelId, message }` with the
 * presented message), and at the end the channel's `last_message_at` and each author's
 * `last_read_message_id`. Uses prepared better-sqlite3 statements in transactions of 20,000
 * rows. Message ids are ULIDs (https://github.com/ulid/spec) of creation times spread 30 s
 * apart over the past, so ids sort like real history.
 */
import type SqliteDatabase from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { presentMessage } from '../../server/src/presenters/message.ts';
import { COMMON_WORD, mulberry32, RARE_WORD, TextGenerator } from './corpus.ts';

/** How many messages carry the rare word. */
export const RARE_COUNT = 30;

export interface SeedOptions {
  channelId: string;
  /** Authors, used in turn. */
  authorIds: string[];
  count: number;
  /** How many random message ids (with at least 50 older messages) to return as cursors. */
  cursorSample: number;
}

export interface SeedResult {
  cursors: string[];
  rareWord: string;
  rareCount: number;
  commonWord: string;
  commonCount: number;
  /** Wall time of the seeding, ms. */
  seedMs: number;
}

/**
 * The seeded choices both seeders share (so SQLite and PostgreSQL get the same history): the random
 * source (mulberry32, seed 42), the text generator (seed 7), which message indexes carry the rare
 * marker word, and which are sampled as history cursors (never among the newest 50).
 */
export function seedPlan(opts: SeedOptions): { rand: () => number; gen: TextGenerator; rareAt: Set<number>; cursorAt: Set<number> } {
  const rand = mulberry32(42);
  const gen = new TextGenerator(7);
  const rareAt = new Set<number>();
  while (rareAt.size < Math.min(RARE_COUNT, opts.count)) rareAt.add(Math.floor(rand() * opts.count));
  const cursorAt = new Set<number>();
  const wantCursors = Math.min(opts.cursorSample, Math.max(opts.count - 50, 0));
  while (cursorAt.size < wantCursors) cursorAt.add(50 + Math.floor(rand() * (opts.count - 50)));
  return { rand, gen, rareAt, cursorAt };
}

/** Seeds the history; returns cursor ids and the exact marker-word counts. Throws SQLite errors. */
export function seedHistory(sqlite: SqliteDatabase.Database, opts: SeedOptions): SeedResult {
  const started = performance.now();
  const { rand, gen, rareAt, cursorAt } = seedPlan(opts);

  const insertMessage = sqlite.prepare(
    `INSERT INTO messages (id, channel_id, author_id, text, entities, mentions, thread_root_id, client_msg_id, reply_count, last_reply_at, created_at, edited_at, deleted_at)
     VALUES (?, ?, ?, ?, '[]', '[]', NULL, NULL, 0, NULL, ?, NULL, NULL)`,
  );
  const insertFts = sqlite.prepare('INSERT INTO messages_fts (rowid, text) VALUES (?, ?)');
  const insertEvent = sqlite.prepare(`INSERT INTO events (channel_id, user_id, message_id, type, payload, created_at) VALUES (?, NULL, ?, 'message.created', ?, ?)`);

  const nextId = monotonicFactory(rand);
  const stepMs = 30_000;
  const t0 = Date.now() - opts.count * stepMs - 3_600_000;
  const cursors: string[] = [];
  const lastByAuthor = new Map<string, string>();
  let lastAt = '';

  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const ms = t0 + i * stepMs + Math.floor(rand() * 1000);
      const id = nextId(ms);
      const at = new Date(ms).toISOString();
      const author = opts.authorIds[i % opts.authorIds.length] as string;
      const text = gen.next(rareAt.has(i));
      const pk = Number(insertMessage.run(id, opts.channelId, author, text, at).lastInsertRowid);
      insertFts.run(pk, text);
      const message = presentMessage({
        pk,
        id,
        channel_id: opts.channelId,
        author_id: author,
        text,
        entities: '[]',
        mentions: '[]',
        thread_root_id: null,
        client_msg_id: null,
        reply_count: 0,
        last_reply_at: null,
        created_at: at,
        edited_at: null,
        deleted_at: null,
        files: null,
      });
      insertEvent.run(opts.channelId, id, JSON.stringify({ type: 'message.created', channelId: opts.channelId, message }), at);
      if (cursorAt.has(i)) cursors.push(id);
      lastByAuthor.set(author, id);
      lastAt = at;
    }
  });
  for (let from = 0; from < opts.count; from += 20_000) batch(from, Math.min(from + 20_000, opts.count));

  sqlite.transaction(() => {
    if (lastAt) sqlite.prepare('UPDATE channels SET last_message_at = ? WHERE id = ?').run(lastAt, opts.channelId);
    const setRead = sqlite.prepare('UPDATE channel_members SET last_read_message_id = ? WHERE channel_id = ? AND user_id = ?');
    for (const [author, id] of lastByAuthor) setRead.run(id, opts.channelId, author);
  })();
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { cursors, rareWord: RARE_WORD, rareCount: rareAt.size, commonWord: COMMON_WORD, commonCount: gen.commonCount, seedMs: performance.now() - started };
}
