/**
 * The in-app list: a person's notifications from channels they still belong to (checked on every
 * read, besides the withdrawal when they leave), newest first, with the unread count.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { presentNotification, type NotificationJson } from './present.ts';

/** Largest page. */
export const MAX_PAGE = 100;

function base(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('notifications as n')
    .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'n.channel_id').onRef('cm.user_id', '=', 'n.user_id'))
    .where('n.user_id', '=', userId);
}

/**
 * One page of `userId`'s notifications, newest first; `before` is a notification id (exclusive).
 * `unread` counts every unread one, not just this page's.
 */
export async function listNotifications(
  db: Kysely<Database>,
  userId: string,
  opts: { limit: number; before?: string },
): Promise<{ notifications: NotificationJson[]; unread: number; hasMore: boolean }> {
  let q = base(db, userId)
    .innerJoin('channels as c', 'c.id', 'n.channel_id')
    .innerJoin('messages as m', 'm.id', 'n.message_id')
    .leftJoin('users as a', 'a.id', 'n.author_id')
    .selectAll('n')
    .select(['c.name as channelName', 'c.kind as channelKind', 'a.name as authorName', 'm.thread_root_id as threadRootId']);
  if (opts.before !== undefined) q = q.where('n.id', '<', opts.before);
  const rows = await q.orderBy('n.id', 'desc').limit(opts.limit + 1).execute();
  const unreadRow = await base(db, userId).where('n.read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const page = rows.slice(0, opts.limit);
  return {
    notifications: page.map((r) =>
      presentNotification(r, { channelName: r.channelKind === 'dm' ? null : r.channelName, authorName: r.authorName ?? 'Someone', threadRootId: r.threadRootId }),
    ),
    unread: Number(unreadRow?.n ?? 0),
    hasMore: rows.length > opts.limit,
  };
}

/** Marks `userId`'s notifications read: the listed ids (others' ids are ignored) or all. Returns how many changed. */
export async function markNotificationsRead(db: Kysely<Database>, userId: string, which: { ids: readonly string[] } | 'all'): Promise<number> {
  if (which !== 'all' && which.ids.length === 0) return 0;
  let q = db.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (which !== 'all') q = q.where('id', 'in', [...which.ids]);
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}
