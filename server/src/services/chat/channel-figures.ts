/**
 * Per-caller channel figures (member count, membership, unread and mention counts, DM display
 * names) computed in a few batched queries, then presented.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { ChannelsTable } from '../../db/schema/chat.ts';
import { presentChannel, type ChannelJson } from '../../presenters/channel.ts';
import { detailsOf } from './channel-details.ts';

/** Unread counts stop at this number (clients show "999+"); bounds the cost of the channel list. */
export const MAX_UNREAD_COUNT = 999;

/** Presents `rows` as seen by `userId`. */
export async function presentChannelsFor(db: Kysely<Database>, userId: string, rows: Selectable<ChannelsTable>[]): Promise<ChannelJson[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const counts = await db
    .selectFrom('channel_members')
    .select(['channel_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('channel_id', 'in', ids)
    .groupBy('channel_id')
    .execute();
  const countBy = new Map(counts.map((c) => [c.channel_id, Number(c.n)]));
  const mine = await db
    .selectFrom('channel_members')
    .select(['channel_id', 'last_read_message_id'])
    .where('user_id', '=', userId)
    .where('channel_id', 'in', ids)
    .execute();
  const readBy = new Map(mine.map((m) => [m.channel_id, m.last_read_message_id]));
  const details = await detailsOf(db, ids);
  const dmIds = rows.filter((r) => r.kind === 'dm').map((r) => r.id);
  const dmNames = new Map<string, string[]>();
  if (dmIds.length > 0) {
    const others = await db
      .selectFrom('channel_members as cm')
      .innerJoin('users as u', 'u.id', 'cm.user_id')
      .select(['cm.channel_id', 'u.name'])
      .where('cm.channel_id', 'in', dmIds)
      .where('cm.user_id', '!=', userId)
      .orderBy('u.name')
      .execute();
    for (const o of others) dmNames.set(o.channel_id, [...(dmNames.get(o.channel_id) ?? []), o.name]);
  }
  const out: ChannelJson[] = [];
  for (const row of rows) {
    const member = readBy.has(row.id);
    let unreadCount = 0;
    let mentionCount = 0;
    if (member) {
      const lastRead = readBy.get(row.id) ?? '';
      const unread = await db
        .selectFrom((eb) =>
          eb
            .selectFrom('messages')
            .select('id')
            .where('channel_id', '=', row.id)
            .where('id', '>', lastRead)
            .where('author_id', '!=', userId)
            .where('deleted_at', 'is', null)
            .limit(MAX_UNREAD_COUNT)
            .as('u'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      unreadCount = Number(unread.n);
      const mentions = await db
        .selectFrom('message_mentions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('user_id', '=', userId)
        .where('channel_id', '=', row.id)
        .where('message_id', '>', lastRead)
        .executeTakeFirstOrThrow();
      mentionCount = Number(mentions.n);
    }
    const names = dmNames.get(row.id);
    out.push(
      presentChannel(row, {
        memberCount: countBy.get(row.id) ?? 0,
        isMember: member,
        unreadCount,
        mentionCount,
        displayName: row.kind === 'dm' ? (names && names.length > 0 ? names.join(', ') : row.name) : undefined,
        details: details.get(row.id),
      }),
    );
  }
  return out;
}

/** Presents one channel as seen by `userId`. */
export async function presentChannelFor(db: Kysely<Database>, userId: string, row: Selectable<ChannelsTable>): Promise<ChannelJson> {
  const [json] = await presentChannelsFor(db, userId, [row]);
  return json as ChannelJson;
}

/** Neutral view for stream events (member's view without per-user counts). */
export async function presentChannelForEvent(db: Kysely<Database>, row: Selectable<ChannelsTable>): Promise<ChannelJson> {
  const c = await db.selectFrom('channel_members').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', row.id).executeTakeFirstOrThrow();
  return presentChannel(row, { memberCount: Number(c.n), details: (await detailsOf(db, [row.id])).get(row.id) });
}
