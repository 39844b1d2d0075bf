/**
 * Domain events, all in one place: one helper per business event. Stream events are written
 * to the `events` table inside the caller's transaction (their `seq` is the stream cursor) and
 * delivered by the realtime hub after commit. The frame is serialised once, here.
 */
import type { UnitOfWork } from './unit-of-work.ts';
import type { MessageJson } from './presenters/message.ts';
import type { ChannelJson } from './presenters/channel.ts';
import type { Kysely } from 'kysely';
import { param, prepareQuery } from './db/prepared.ts';
import type { Database } from './db/schema/index.ts';
import { lockAuditChain } from './services/audit/append.ts';

/** Stream event types (docs/api.md, "Stream"). */
export type StreamEventType =
  | 'message.created'
  | 'message.updated'
  | 'message.deleted'
  | 'channel.created'
  | 'channel.updated'
  | 'channel.member_added'
  | 'channel.member_removed'
  | 'channel.read'
  | 'reaction.added'
  | 'reaction.removed'
  | 'pin.added'
  | 'pin.removed'
  | 'notification.created'
  | 'notification.withdrawn';

/** A persisted event to deliver to channel members and/or one user. */
export interface StreamEvent {
  kind: 'stream';
  seq: number;
  channelId: string | null;
  userId: string | null;
  /** The complete JSON frame, `{"seq":…,"type":…,…}`, UTF-8. */
  frame: Buffer;
  /** Sockets of these users join `channelId` before delivery. */
  subscribe?: string[];
  /** Sockets of this user leave `channelId` after delivery. */
  unsubscribe?: string;
}

/** Sessions (or all sessions and tokens' sockets) of a user ended: close their sockets. */
export interface SessionsEnded {
  kind: 'sessions_ended';
  userId: string;
  sessionIds: string[] | 'all';
}

export type DomainEvent = StreamEvent | SessionsEnded;

/** Builds the frame bytes from a seq and the stored payload JSON (an object literal). */
export function frameOf(seq: number, payloadJson: string): Buffer {
  return Buffer.from(payloadJson.length > 2 ? `{"seq":${seq},${payloadJson.slice(1)}` : `{"seq":${seq}}`, 'utf8');
}

/**
 * Call right before inserting into `events` inside a write transaction, after every read and
 * every row lock the transaction needs. PostgreSQL: takes the transaction-level advisory lock that
 * also serialises audit appends (`lockAuditChain`: one lock, so the two can never deadlock
 * with each other), once per transaction, and holds it until COMMIT or ROLLBACK — never released
 * earlier. So a transaction that took `seq` N has committed or rolled back before any other
 * transaction of any node can take N+1: readers on other nodes never see N+1 before N, and a
 * reader that sees N+1 without N knows N will never appear (a rolled-back unit) instead of
 * waiting for a slow commit — and skipping it, which lost deliveries under load. Taken as late as
 * possible (the message post takes it after the guard, the analyzer and its inserts of new rows),
 * it covers only the event inserts, the statements after them and the commit, so the rest of
 * the write transactions of all nodes run side by side. A savepoint rolled back releases a lock
 * taken inside it: the writer then forgets it (`forgetAppendLock`). SQLite: nothing (one writer
 * at a time already).
 */
export async function lockEventLog(db: Kysely<Database>): Promise<void> {
  await lockAuditChain(db);
}

type EventParams = { channelId: string | null; userId: string | null; messageId: string | null; type: string; payload: string; createdAt: string };
const insertEvent = prepareQuery<EventParams, { seq: number }>((db) =>
  db
    .insertInto('events')
    .values({ channel_id: param('channelId'), user_id: param('userId'), message_id: param('messageId'), type: param('type'), payload: param('payload'), created_at: param('createdAt') })
    .returning('seq'),
);

async function record(
  uow: UnitOfWork,
  e: { channelId: string | null; userId: string | null; type: StreamEventType; body: Record<string, unknown>; messageId?: string },
  extra: Pick<StreamEvent, 'subscribe' | 'unsubscribe'> = {},
): Promise<number> {
  const payload = JSON.stringify({ type: e.type, ...e.body });
  await lockEventLog(uow.db);
  const rows = await insertEvent.execute(uow.db, { channelId: e.channelId, userId: e.userId, messageId: e.messageId ?? null, type: e.type, payload, createdAt: new Date().toISOString() });
  const row = rows[0];
  if (!row) throw new Error('events insert returned no row');
  uow.events.push({ kind: 'stream', seq: row.seq, channelId: e.channelId, userId: e.userId, frame: frameOf(row.seq, payload), ...extra });
  return row.seq;
}

/** A message was posted (root or reply). */
export const messageCreated = (uow: UnitOfWork, message: MessageJson) =>
  record(uow, { channelId: message.channelId, userId: null, type: 'message.created', body: { channelId: message.channelId, message }, messageId: message.id });

/** A message changed (edit, or a thread root's reply count). */
export const messageUpdated = (uow: UnitOfWork, message: MessageJson) =>
  record(uow, { channelId: message.channelId, userId: null, type: 'message.updated', body: { channelId: message.channelId, message }, messageId: message.id });

/** A message was soft-deleted (its text is already empty). */
export const messageDeleted = (uow: UnitOfWork, message: MessageJson) =>
  record(uow, { channelId: message.channelId, userId: null, type: 'message.deleted', body: { channelId: message.channelId, message }, messageId: message.id });

/** A channel or DM was created with these initial members. */
export const channelCreated = (uow: UnitOfWork, channel: ChannelJson, memberIds: string[]) =>
  record(uow, { channelId: channel.id, userId: null, type: 'channel.created', body: { channelId: channel.id, channel } }, { subscribe: memberIds });

/** A channel's name or topic changed. */
export const channelUpdated = (uow: UnitOfWork, channel: ChannelJson) =>
  record(uow, { channelId: channel.id, userId: null, type: 'channel.updated', body: { channelId: channel.id, channel } });

/** `userId` joined or was added to the channel; their sockets subscribe at once. */
export const memberAdded = (uow: UnitOfWork, channel: ChannelJson, userId: string) =>
  record(uow, { channelId: channel.id, userId: null, type: 'channel.member_added', body: { channelId: channel.id, userId, channel } }, { subscribe: [userId] });

/** `userId` left or was removed; they get this last event, then their sockets unsubscribe. */
export const memberRemoved = (uow: UnitOfWork, channelId: string, userId: string) =>
  record(uow, { channelId, userId, type: 'channel.member_removed', body: { channelId, userId } }, { unsubscribe: userId });

/** `userId` read `channelId` up to `messageId` (delivered to that user only). */
export const channelRead = (uow: UnitOfWork, userId: string, channelId: string, messageId: string) =>
  record(uow, { channelId: null, userId, type: 'channel.read', body: { channelId, userId, messageId } });

/**
 * `userId` added or removed `emoji` on `messageId`. Not tied to the message row in `events`
 * (`message_id` null): a deletion's scrub rewrites message payloads, and these carry no text.
 */
export const reactionChanged = (uow: UnitOfWork, change: { channelId: string; messageId: string; userId: string; emoji: string; added: boolean }) =>
  record(uow, {
    channelId: change.channelId,
    userId: null,
    type: change.added ? 'reaction.added' : 'reaction.removed',
    body: { channelId: change.channelId, messageId: change.messageId, userId: change.userId, emoji: change.emoji },
  });

/**
 * `userId` pinned (`added`) or unpinned `messageId` in `channelId`; a deleted message's pin goes
 * with `userId` null. Ids only, no text.
 */
export const pinChanged = (uow: UnitOfWork, change: { channelId: string; messageId: string; userId: string | null; added: boolean }) =>
  record(uow, {
    channelId: change.channelId,
    userId: null,
    type: change.added ? 'pin.added' : 'pin.removed',
    body: { channelId: change.channelId, messageId: change.messageId, userId: change.userId },
  });

/**
 * A notification for `userId` (delivered to that person only). Not tied to the message row
 * (`message_id` null: a deletion's scrub rewrites message payloads); returns the event's seq so a
 * withdrawal can rewrite this stored payload. `notification` carries labels, never a value.
 */
export const notificationCreated = (uow: UnitOfWork, userId: string, notification: Record<string, unknown>) =>
  record(uow, { channelId: null, userId, type: 'notification.created', body: { notification } });

/** The notification `notificationId` of `userId` was withdrawn (message deleted, edited, quarantined; member left). */
export const notificationWithdrawn = (uow: UnitOfWork, userId: string, notificationId: string, messageId: string) =>
  record(uow, { channelId: null, userId, type: 'notification.withdrawn', body: { notificationId, messageId } });

/** Sessions ended (sign-out, revocation, deactivation, password reset): close those sockets. */
export function sessionsEnded(uow: UnitOfWork, userId: string, sessionIds: string[] | 'all'): void {
  uow.events.push({ kind: 'sessions_ended', userId, sessionIds });
}

/**
 * After a deletion: rewrites the stored payloads of earlier events about `message` so a replay
 * never brings back the deleted text (they now carry the deleted message).
 */
export async function scrubMessageEvents(uow: UnitOfWork, message: MessageJson): Promise<void> {
  const rows = await uow.db.selectFrom('events').select(['seq', 'type']).where('message_id', '=', message.id).execute();
  for (const r of rows) {
    const payload = JSON.stringify({ type: r.type, channelId: message.channelId, message });
    await uow.db.updateTable('events').set({ payload }).where('seq', '=', r.seq).execute();
  }
}
