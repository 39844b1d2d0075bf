/**
 * Full-text search of messages, one interface over both dialects: FTS5 on SQLite
 * (`search-sqlite.ts`), `tsvector` + GIN on PostgreSQL (`search-postgres.ts`). Callers pass the
 * Kysely handle (or transaction) they write with; the dialect is read from it.
 */
import type { Kysely } from 'kysely';
import { dialectOf } from '../../db/dialect.ts';
import type { Database } from '../../db/schema/index.ts';
import {
  createPostgresSearchIndex,
  dropPostgresSearchIndex,
  indexMessageTextPg,
  rebuildPostgresSearchIndex,
  searchMessagePksPg,
  unindexMessagePg,
} from './search-postgres.ts';
import * as sqlite from './search-sqlite.ts';

/** Creates the index (migration 001). */
export async function createSearchIndex(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await createPostgresSearchIndex(db);
  else await sqlite.createSqliteSearchIndex(db);
}

/** Drops the index (migration 001 down). */
export async function dropSearchIndex(db: Kysely<unknown>): Promise<void> {
  if (dialectOf(db) === 'postgres') await dropPostgresSearchIndex(db);
  else await sqlite.dropSqliteSearchIndex(db);
}

/** Adds (or replaces) the indexed text of message row `pk`. */
export async function indexMessageText(db: Kysely<Database>, pk: number, text: string): Promise<void> {
  if (dialectOf(db) === 'postgres') await indexMessageTextPg(db, pk, text);
  else await sqlite.indexMessageText(db, pk, text);
}

/** Adds the text of a new message row `pk` (not yet indexed). */
export async function addToIndex(db: Kysely<Database>, pk: number, text: string): Promise<void> {
  if (dialectOf(db) === 'postgres') await indexMessageTextPg(db, pk, text);
  else await sqlite.addToIndex(db, pk, text);
}

/** Removes message row `pk` from the index. */
export async function unindexMessage(db: Kysely<Database>, pk: number): Promise<void> {
  if (dialectOf(db) === 'postgres') await unindexMessagePg(db, pk);
  else await sqlite.unindexMessage(db, pk);
}

/** Rebuilds the whole index from the stored (tokenized) texts of live messages. */
export async function rebuildSearchIndex(db: Kysely<Database>): Promise<void> {
  if (dialectOf(db) === 'postgres') await rebuildPostgresSearchIndex(db);
  else await sqlite.rebuildSqliteSearchIndex(db);
}

/**
 * Message row keys matching every word of `q` (letters, digits, `_`; at most 16 words), newest
 * first, only in channels the user is a member of now, not deleted, with `pk < beforePk` when
 * given. At most `limit` rows; none when `q` has no word.
 */
export async function searchMessagePks(
  db: Kysely<Database>,
  args: { userId: string; q: string; channelId?: string; beforePk?: number; limit: number },
): Promise<number[]> {
  if (dialectOf(db) !== 'postgres') return sqlite.searchMessagePks(db, args);
  const words = args.q.match(/[\p{L}\p{N}_]+/gu)?.slice(0, 16);
  if (!words || words.length === 0) return [];
  return searchMessagePksPg(db, { ...args, words });
}
