/**
 * Saved items per person (issue 12): anyone may save a message they can read. The list shows only
 * messages the person can still read — a member of the channel now, message not deleted — so a
 * saved item of a channel one left, or of a deleted message, is neither shown nor its text returned.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { presentMessage, type MessageJson } from '../../presenters/message.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { readableMessage } from './pins.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Most saved items one person keeps. */
export const MAX_SAVED_ITEMS = 1000;
/** Largest page of {@link listSaved}. */
export const MAX_SAVED_PAGE = 200;

/** One saved item as the API shows it. */
export interface SavedItemJson {
  message: MessageJson;
  channelId: string;
  /** The channel's stored name (a DM's: its members' names). */
  channelName: string;
  channelKind: 'channel' | 'dm';
  /** ISO-8601. */
  savedAt: string;
}

/** Saves a message (idempotent). Throws 404 (unknown or unreadable), 409 `message_deleted`, 409 `saved_limit`. */
export async function saveMessage(uow: UnitOfWork, caller: Caller, messageId: string): Promise<void> {
  await readableMessage(uow.db, caller, messageId);
  const existing = await uow.db.selectFrom('saved_items').select('message_id').where('user_id', '=', caller.id).where('message_id', '=', messageId).executeTakeFirst();
  if (existing) return;
  const n = await uow.db.selectFrom('saved_items').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', caller.id).executeTakeFirstOrThrow();
  if (Number(n.n) >= MAX_SAVED_ITEMS) throw new AppError(409, 'saved_limit', `At most ${MAX_SAVED_ITEMS} saved items; remove some first`);
  await uow.db.insertInto('saved_items').values({ user_id: caller.id, message_id: messageId, saved_at: new Date().toISOString() }).execute();
}

/** Removes one of the caller's saved items (no-op when absent; works for messages no longer readable). */
export async function unsaveMessage(uow: UnitOfWork, caller: Caller, messageId: string): Promise<void> {
  await uow.db.deleteFrom('saved_items').where('user_id', '=', caller.id).where('message_id', '=', messageId).execute();
}

/**
 * The caller's readable saved items, newest saved first, `limit` (1..{@link MAX_SAVED_PAGE}) per page;
 * `before` is the message id of the last item of the previous page.
 */
export async function listSaved(db: Kysely<Database>, caller: Caller, opts: { limit: number; before?: string | undefined }): Promise<{ items: SavedItemJson[]; hasMore: boolean }> {
  let q = db
    .selectFrom('saved_items as s')
    .innerJoin('messages as m', 'm.id', 's.message_id')
    .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'm.channel_id').on('cm.user_id', '=', caller.id))
    .innerJoin('channels as c', 'c.id', 'm.channel_id')
    .selectAll('m')
    .select(['s.saved_at', 'c.name as channel_name', 'c.kind as channel_kind'])
    .where('s.user_id', '=', caller.id)
    .where('m.deleted_at', 'is', null);
  if (opts.before !== undefined) {
    const cursor = await db.selectFrom('saved_items').select('saved_at').where('user_id', '=', caller.id).where('message_id', '=', opts.before).executeTakeFirst();
    if (!cursor) throw new AppError(400, 'invalid_cursor', 'before is not one of your saved items');
    const before = opts.before;
    q = q.where((eb) => eb.or([eb('s.saved_at', '<', cursor.saved_at), eb.and([eb('s.saved_at', '=', cursor.saved_at), eb('s.message_id', '<', before)])]));
  }
  const rows = await q.orderBy('s.saved_at', 'desc').orderBy('s.message_id', 'desc').limit(opts.limit + 1).execute();
  const items = rows.slice(0, opts.limit).map(({ saved_at, channel_name, channel_kind, ...m }) => ({
    message: presentMessage(m),
    channelId: m.channel_id,
    channelName: channel_name,
    channelKind: channel_kind === 'dm' ? ('dm' as const) : ('channel' as const),
    savedAt: saved_at,
  }));
  return { items, hasMore: rows.length > opts.limit };
}
