/**
 * Pinned messages per channel (issue 12). Members pin and unpin any message of their channel that
 * is not deleted (at most {@link MAX_PINS_PER_CHANNEL} per channel); a deleted message drops out
 * of the pins at once. Each change is a `pin.added` / `pin.removed` stream event (ids only).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { MessagesTable, UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { pinChanged } from '../../events.ts';
import { channelFor } from '../../policies/index.ts';
import { presentMessage, type MessageJson } from '../../presenters/message.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { assertWritable } from './channel-details.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Most pinned messages one channel holds. */
export const MAX_PINS_PER_CHANNEL = 100;

/** One pin as the API shows it. */
export interface PinJson {
  message: MessageJson;
  /** Who pinned it (user id). */
  pinnedBy: string;
  /** ISO-8601. */
  pinnedAt: string;
}

/**
 * The message `messageId` when the caller may read it now (member of its channel); 404 `not_found`
 * otherwise (unknown and unreadable answer alike); 409 `message_deleted` when deleted.
 */
export async function readableMessage(db: Kysely<Database>, caller: Caller, messageId: string): Promise<Selectable<MessagesTable>> {
  const row = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such message');
  try {
    await channelFor(db, caller, row.channel_id, 'read');
  } catch {
    throw new AppError(404, 'not_found', 'No such message');
  }
  if (row.deleted_at !== null) throw new AppError(409, 'message_deleted', 'This message was deleted');
  return row;
}

/** Pins a message (idempotent). Throws like {@link readableMessage}, 409 `channel_archived`, 409 `pin_limit`. */
export async function pinMessage(uow: UnitOfWork, caller: Caller, messageId: string): Promise<void> {
  const msg = await readableMessage(uow.db, caller, messageId);
  await assertWritable(uow.db, msg.channel_id);
  const pinned = await uow.db.selectFrom('message_pins').select('message_id').where('message_id', '=', messageId).executeTakeFirst();
  if (pinned) return;
  const n = await uow.db.selectFrom('message_pins').select((eb) => eb.fn.countAll<number>().as('n')).where('channel_id', '=', msg.channel_id).executeTakeFirstOrThrow();
  if (Number(n.n) >= MAX_PINS_PER_CHANNEL) throw new AppError(409, 'pin_limit', `A channel holds at most ${MAX_PINS_PER_CHANNEL} pinned messages; unpin one first`);
  await uow.db.insertInto('message_pins').values({ message_id: messageId, channel_id: msg.channel_id, pinned_by: caller.id, pinned_at: new Date().toISOString() }).execute();
  await pinChanged(uow, { channelId: msg.channel_id, messageId, userId: caller.id, added: true });
}

/** Unpins a message (no-op when not pinned). Throws like {@link pinMessage}. */
export async function unpinMessage(uow: UnitOfWork, caller: Caller, messageId: string): Promise<void> {
  const msg = await readableMessage(uow.db, caller, messageId);
  await assertWritable(uow.db, msg.channel_id);
  const res = await uow.db.deleteFrom('message_pins').where('message_id', '=', messageId).executeTakeFirst();
  if (Number(res.numDeletedRows) > 0) await pinChanged(uow, { channelId: msg.channel_id, messageId, userId: caller.id, added: false });
}

/** Drops the pin of a message being deleted (emits `pin.removed` when it was pinned). */
export async function unpinDeleted(uow: UnitOfWork, row: Pick<Selectable<MessagesTable>, 'id' | 'channel_id'>): Promise<void> {
  const res = await uow.db.deleteFrom('message_pins').where('message_id', '=', row.id).executeTakeFirst();
  if (Number(res.numDeletedRows) > 0) await pinChanged(uow, { channelId: row.channel_id, messageId: row.id, userId: null, added: false });
}

/** Pins of a channel the caller belongs to, newest pin first (404 otherwise, PRODUCT.md rule). */
export async function listPins(db: Kysely<Database>, caller: Caller, channelId: string): Promise<PinJson[]> {
  await channelFor(db, caller, channelId, 'read');
  const rows = await db
    .selectFrom('message_pins as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .selectAll('m')
    .select(['p.pinned_by', 'p.pinned_at'])
    .where('p.channel_id', '=', channelId)
    .where('m.channel_id', '=', channelId)
    .where('m.deleted_at', 'is', null)
    .orderBy('p.pinned_at', 'desc')
    .orderBy('p.message_id', 'desc')
    .execute();
  return rows.map(({ pinned_by, pinned_at, ...m }) => ({ message: presentMessage(m), pinnedBy: pinned_by, pinnedAt: pinned_at }));
}
