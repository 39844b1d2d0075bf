/**
 * Reading messages: cursor pages (PRODUCT.md: `before`/`after` exclusive message ids, limit
 * default 50, max 200, oldest first, `hasMore`), single messages, edit history and search.
 * Every read checks the caller's membership NOW.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { channelFor } from '../../policies/index.ts';
import { presentMessage, type MessageJson } from '../../presenters/message.ts';
import type { MessageEntity } from './guard.ts';
import { reactionsOf } from './reactions.ts';
import { searchMessagePks } from './search.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 200;

/**
 * A page of a channel's messages (thread replies included), or of one thread's replies with
 * `threadRootId`. Without cursors: the newest page; `hasMore` then means older ones exist.
 * With `before`: the messages just older, `hasMore` = still older exist. With `after`: the
 * messages just newer, `hasMore` = still newer exist.
 */
export async function listMessages(
  db: Kysely<Database>,
  caller: Caller,
  args: { channelId: string; limit?: number; before?: string; after?: string; threadRootId?: string },
): Promise<{ messages: MessageJson[]; hasMore: boolean }> {
  await channelFor(db, caller, args.channelId, 'read');
  const limit = Math.min(Math.max(args.limit ?? DEFAULT_PAGE, 1), MAX_PAGE);
  let q = db.selectFrom('messages').selectAll().where('channel_id', '=', args.channelId);
  if (args.threadRootId !== undefined) {
    const root = await db.selectFrom('messages').select(['id', 'thread_root_id']).where('id', '=', args.threadRootId).where('channel_id', '=', args.channelId).executeTakeFirst();
    if (!root || root.thread_root_id !== null) throw new AppError(404, 'not_found', 'No such thread in this channel');
    q = q.where('thread_root_id', '=', args.threadRootId);
  }
  if (args.before !== undefined) q = q.where('id', '<', args.before);
  if (args.after !== undefined) q = q.where('id', '>', args.after);
  const ascending = args.after !== undefined && args.before === undefined;
  const rows = await q
    .orderBy('id', ascending ? 'asc' : 'desc')
    .limit(limit + 1)
    .execute();
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit);
  if (!ascending) page.reverse();
  return { messages: await withReactions(db, page.map(presentMessage)), hasMore };
}

async function readableMessage(db: Kysely<Database>, caller: Caller, id: string) {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such message');
  try {
    await channelFor(db, caller, row.channel_id, 'read');
  } catch {
    throw new AppError(404, 'not_found', 'No such message');
  }
  return row;
}

/** One message of a channel the caller belongs to (404 otherwise). */
export async function getMessage(db: Kysely<Database>, caller: Caller, id: string): Promise<MessageJson> {
  const [message] = await withReactions(db, [presentMessage(await readableMessage(db, caller, id))]);
  if (!message) throw new AppError(404, 'not_found', 'No such message');
  return message;
}

/** The messages with their `reactions` (an empty list when none). */
async function withReactions(db: Kysely<Database>, messages: MessageJson[]): Promise<MessageJson[]> {
  const byId = await reactionsOf(db, messages.map((m) => m.id));
  return messages.map((m) => ({ ...m, reactions: byId.get(m.id) ?? [] }));
}

/**
 * Every version of a message, oldest first, the current one last (empty once deleted).
 * `editedAt` = when that version was written (the first: creation time). Earlier versions live
 * in `message_versions`, written at each edit.
 */
export async function messageHistory(db: Kysely<Database>, caller: Caller, id: string): Promise<Array<{ text: string; entities: MessageEntity[]; editedAt: string }>> {
  const current = await readableMessage(db, caller, id);
  if (current.deleted_at !== null) return [];
  const rows = await db.selectFrom('message_versions').select(['text', 'entities', 'edited_at']).where('message_id', '=', id).orderBy('id').execute();
  return [...rows, { text: current.text, entities: current.entities, edited_at: current.edited_at ?? current.created_at }].map((r) => ({
    text: r.text,
    entities: JSON.parse(r.entities) as MessageEntity[],
    editedAt: r.edited_at,
  }));
}

export const DEFAULT_SEARCH = 20;
export const MAX_SEARCH = 100;

/**
 * Full-text search, newest first, over channels the caller belongs to now (optionally one).
 * `before` is a message id cursor (exclusive).
 */
export async function searchMessages(
  db: Kysely<Database>,
  caller: Caller,
  args: { q: string; channelId?: string; limit?: number; before?: string },
): Promise<{ results: Array<{ message: MessageJson; channelName: string }>; hasMore: boolean }> {
  if (args.channelId !== undefined) await channelFor(db, caller, args.channelId, 'read');
  const limit = Math.min(Math.max(args.limit ?? DEFAULT_SEARCH, 1), MAX_SEARCH);
  let beforePk: number | undefined;
  if (args.before !== undefined) {
    const b = await db.selectFrom('messages').select('pk').where('id', '=', args.before).executeTakeFirst();
    if (!b) throw new AppError(400, 'invalid_cursor', 'Unknown before cursor');
    beforePk = b.pk;
  }
  const pks = await searchMessagePks(db, { userId: caller.id, q: args.q, channelId: args.channelId, beforePk, limit: limit + 1 });
  const hasMore = pks.length > limit;
  const wanted = pks.slice(0, limit);
  if (wanted.length === 0) return { results: [], hasMore: false };
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('channels as c', 'c.id', 'm.channel_id')
    .selectAll('m')
    .select('c.name as channel_name')
    .where('m.pk', 'in', wanted)
    .orderBy('m.pk', 'desc')
    .execute();
  return { results: rows.map(({ channel_name, ...m }) => ({ message: presentMessage(m), channelName: channel_name })), hasMore };
}
