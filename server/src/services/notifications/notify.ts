/**
 * Creating and withdrawing notifications, inside the caller's unit of work. One function,
 * {@link syncNotifications}, makes a message's notifications match what it deserves now: called
 * after a post, an edit, a deletion and a file status change (quarantine, block). A message that
 * is deleted or carries a quarantined or blocked file deserves none; otherwise each current member
 * except the author gets one when the message is in a DM, mentions them, or their level is `all`
 * — unless they muted the channel or chose `nothing`. Rows no longer deserved are deleted and a
 * `notification.withdrawn` event goes to their recipient; their stored `notification.created`
 * event is rewritten so a replay never brings them back.
 */
import type { Selectable } from 'kysely';
import type { MessagesTable } from '../../db/schema/chat.ts';
import type { NotificationKind, NotificationsTable } from '../../db/schema/notifications.ts';
import { notificationCreated, notificationWithdrawn } from '../../events.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { renderBody, type BodyEntity } from './body.ts';
import { presentNotification, type NotificationContext } from './present.ts';
import { memberSettings, onAllSettings, type MemberSetting } from './settings.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

type Row = Selectable<NotificationsTable>;

/** Whether the message may notify at all (not deleted, no quarantined or blocked file). */
export function mayNotify(msg: Pick<Selectable<MessagesTable>, 'deleted_at' | 'files'>): boolean {
  if (msg.deleted_at !== null) return false;
  if (msg.files === null) return true;
  const files = JSON.parse(msg.files) as Array<{ status?: string }>;
  return !files.some((f) => f.status === 'quarantined' || f.status === 'blocked');
}

type Wanted = Map<string, { kind: NotificationKind; email: boolean }>;

async function wanted(uow: UnitOfWork, msg: Selectable<MessagesTable>, isDm: boolean): Promise<Wanted> {
  if (!mayNotify(msg)) return new Map();
  return wantedFrom(msg, isDm, await memberSettings(uow.db, msg.channel_id));
}

/** Who deserves a notification of `msg`, from the settings of (some of) the channel's members. */
function wantedFrom(msg: Pick<Selectable<MessagesTable>, 'mentions' | 'author_id'>, isDm: boolean, settings: Map<string, MemberSetting>): Wanted {
  const out: Wanted = new Map();
  const mentioned = new Set(JSON.parse(msg.mentions) as string[]);
  for (const [userId, s] of settings) {
    if (userId === msg.author_id || s.muted || s.level === 'nothing') continue;
    const kind: NotificationKind | null = isDm ? 'dm' : mentioned.has(userId) ? 'mention' : s.level === 'all' ? 'message' : null;
    if (kind) out.set(userId, { kind, email: s.email && kind !== 'message' });
  }
  return out;
}

async function contextOf(uow: UnitOfWork, msg: Selectable<MessagesTable>): Promise<{ ctx: NotificationContext; isDm: boolean }> {
  const channel = await uow.db.selectFrom('channels').select(['name', 'kind']).where('id', '=', msg.channel_id).executeTakeFirstOrThrow();
  const author = await uow.db.selectFrom('users').select('name').where('id', '=', msg.author_id).executeTakeFirst();
  const isDm = channel.kind === 'dm';
  return { ctx: { channelName: isDm ? null : channel.name, authorName: author?.name ?? 'Someone', threadRootId: msg.thread_root_id }, isDm };
}

/** Whether any member of the channel gets every message (channel level `all`, or no channel level and default `all`). */
async function anyoneOnAll(uow: UnitOfWork, channelId: string): Promise<boolean> {
  // Both start from the (few) rows that say "all", not from the channel's members.
  const byChannel = await uow.db
    .selectFrom('channel_notification_settings as s')
    .innerJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 's.channel_id').onRef('cm.user_id', '=', 's.user_id'))
    .select('s.user_id')
    .where('s.channel_id', '=', channelId)
    .where('s.level', '=', 'all')
    .limit(1)
    .executeTakeFirst();
  if (byChannel) return true;
  const byDefault = await uow.db
    .selectFrom('notification_defaults as d')
    .innerJoin('channel_members as cm', (j) => j.onRef('cm.user_id', '=', 'd.user_id').on('cm.channel_id', '=', channelId))
    .leftJoin('channel_notification_settings as s', (j) => j.onRef('s.user_id', '=', 'd.user_id').on('s.channel_id', '=', channelId))
    .select('d.user_id')
    .where('d.level', '=', 'all')
    .where('s.level', 'is', null)
    .limit(1)
    .executeTakeFirst();
  return byDefault !== undefined;
}

/** Withdraws one notification: row deleted, stored created-event rewritten, withdrawn event emitted. */
async function withdraw(uow: UnitOfWork, n: Row): Promise<void> {
  await uow.db.deleteFrom('notifications').where('id', '=', n.id).execute();
  if (n.event_seq !== null) {
    const payload = JSON.stringify({ type: 'notification.withdrawn', notificationId: n.id, messageId: n.message_id });
    await uow.db.updateTable('events').set({ payload, type: 'notification.withdrawn' }).where('seq', '=', n.event_seq).execute();
  }
  await notificationWithdrawn(uow, n.user_id, n.id, n.message_id);
}

/** Opens an e-mail batch for `userId` unless one is open (sent `ENCLAVE_EMAIL_BATCH_SECONDS` after it opened). */
async function openBatch(uow: UnitOfWork, userId: string, now: string): Promise<void> {
  const open = await uow.db.selectFrom('notification_email_batches').select('id').where('user_id', '=', userId).where('done_at', 'is', null).executeTakeFirst();
  if (open) return;
  await uow.db.insertInto('notification_email_batches').values({ id: newId(), user_id: userId, due_at: now, attempts: 0, last_error: null, done_at: null, outcome: null, created_at: now }).execute();
}

/** Makes `messageId`'s notifications match what the message deserves now (see the module comment). */
export async function syncNotifications(uow: UnitOfWork, messageId: string): Promise<void> {
  const msg = await uow.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  const existing = await uow.db.selectFrom('notifications').selectAll().where('message_id', '=', messageId).execute();
  if (!msg) {
    for (const n of existing) await withdraw(uow, n);
    return;
  }
  const { ctx, isDm } = await contextOf(uow, msg);
  // Fast path for the common post (no DM, no mention, nobody on "all"): no scan of the members.
  if (!isDm && existing.length === 0 && msg.mentions === '[]' && !(await anyoneOnAll(uow, msg.channel_id))) return;
  const want = await wanted(uow, msg, isDm);
  for (const n of existing) if (!want.has(n.user_id)) await withdraw(uow, n);
  if (want.size === 0) return;
  const body = renderBody(msg.text, JSON.parse(msg.entities) as BodyEntity[], msg.files !== null);
  const now = new Date().toISOString();
  for (const [userId, w] of want) {
    const cur = existing.find((n) => n.user_id === userId);
    if (cur && cur.body === body && cur.kind === w.kind) continue;
    const row: Row = cur
      ? { ...cur, body, kind: w.kind }
      : { id: newId(), user_id: userId, channel_id: msg.channel_id, message_id: msg.id, author_id: msg.author_id, kind: w.kind, body, created_at: now, read_at: null, email_state: w.email ? 'pending' : 'none', event_seq: null };
    if (cur && cur.event_seq !== null) {
      // The earlier frame carried the earlier text: a replay shows only the current one.
      const payload = JSON.stringify({ type: 'notification.withdrawn', notificationId: cur.id, messageId: cur.message_id });
      await uow.db.updateTable('events').set({ payload, type: 'notification.withdrawn' }).where('seq', '=', cur.event_seq).execute();
    }
    const seq = await notificationCreated(uow, userId, { ...presentNotification(row, ctx) });
    if (cur) await uow.db.updateTable('notifications').set({ body, kind: w.kind, event_seq: seq }).where('id', '=', cur.id).execute();
    else {
      await uow.db.insertInto('notifications').values({ ...row, event_seq: seq }).execute();
      if (w.email) await openBatch(uow, userId, now);
    }
  }
}

/** A new message's recipients, found before the append lock is taken (see {@link notificationRecipients}). */
export type Recipients = Wanted;

/**
 * Who gets a notification of `msg`, a message this transaction just inserted (so it has no
 * notification yet), in one query: in a DM or when it mentions someone, the settings of every
 * member; otherwise only the members on level `all` (usually none — the query starts from the few
 * rows that say `all`, not from the channel's members).
 */
export async function notificationRecipients(db: Kysely<Database>, msg: Selectable<MessagesTable>, isDm: boolean): Promise<Recipients> {
  if (!mayNotify(msg)) return new Map();
  const settings = isDm || msg.mentions !== '[]' ? await memberSettings(db, msg.channel_id) : await onAllSettings(db, msg.channel_id);
  return wantedFrom(msg, isDm, settings);
}

/**
 * `recipients` less those who are no longer members of `channelId` (one query; none when there are
 * no recipients). For a channel post, run behind the append lock: {@link notificationRecipients}
 * ran before it, and another node may have removed a recipient since — who must then not get the
 * notification (its body is the message's text) of a post that lands after their removal.
 */
export async function keepMembers(db: Kysely<Database>, channelId: string, recipients: Recipients): Promise<Recipients> {
  if (recipients.size === 0) return recipients;
  const rows = await db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).where('user_id', 'in', [...recipients.keys()]).execute();
  const members = new Set(rows.map((r) => r.user_id));
  return new Map([...recipients].filter(([userId]) => members.has(userId)));
}

/**
 * Creates the notifications of a message this transaction just inserted, for `recipients` from
 * {@link notificationRecipients}: the same rows and events as {@link syncNotifications}, without
 * reading back the message, its (absent) notifications, the channel or the author.
 */
export async function notifyPosted(uow: UnitOfWork, msg: Selectable<MessagesTable>, recipients: Recipients, ctx: NotificationContext): Promise<void> {
  if (recipients.size === 0) return;
  const body = renderBody(msg.text, JSON.parse(msg.entities) as BodyEntity[], msg.files !== null);
  const now = new Date().toISOString();
  for (const [userId, w] of recipients) {
    const row: Row = { id: newId(), user_id: userId, channel_id: msg.channel_id, message_id: msg.id, author_id: msg.author_id, kind: w.kind, body, created_at: now, read_at: null, email_state: w.email ? 'pending' : 'none', event_seq: null };
    const seq = await notificationCreated(uow, userId, { ...presentNotification(row, ctx) });
    await uow.db.insertInto('notifications').values({ ...row, event_seq: seq }).execute();
    if (w.email) await openBatch(uow, userId, now);
  }
}

/** Withdraws every notification of `userId` from `channelId` (the person left or was removed). */
export async function withdrawForMember(uow: UnitOfWork, channelId: string, userId: string): Promise<void> {
  const rows = await uow.db.selectFrom('notifications').selectAll().where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  for (const n of rows) await withdraw(uow, n);
}
