/**
 * Posting, editing and deleting messages. Each runs in the caller's {@link UnitOfWork}: the guard
 * protects the text first, then the row, its version, mentions, search index, thread counters
 * and stream events are written together — or nothing is (e.g. a guard's 422).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { MessagesTable, UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { messageCreated, messageDeleted, messageUpdated, scrubMessageEvents } from '../../events.ts';
import { newId } from '../../ids.ts';
import { canDeleteMessage, canEditMessage, channelFor } from '../../policies/index.ts';
import { presentMessage, type FileJson, type MessageJson } from '../../presenters/message.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import type { MessageEntity, MessageGuard } from './guard.ts';
import { keptByClient, keptByOrder, type KeptChip } from './kept-entities.ts';
import { resolveMentions } from './mentions.ts';
import { clearReactions } from './reactions.ts';
import { archivedError, assertWritable } from './channel-details.ts';
import { unpinDeleted } from './pins.ts';
import { addToIndex, indexMessageText, unindexMessage } from './search.ts';
import { param, prepareQuery } from '../../db/prepared.ts';
import { addMessageTokens, syncMessageTokens } from '../privacy/message-tokens.ts';
import { keepMembers, notificationRecipients, notifyPosted, syncNotifications } from '../notifications/notify.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Longest message text, in UTF-16 code units. */
export const MAX_MESSAGE_LENGTH = 40_000;

/** What message changes need besides the database. */
export interface MessageDeps {
  guard: MessageGuard;
}

// The statements of every post, compiled once (see db/prepared.ts).
const priorByClientMsgId = prepareQuery<{ authorId: string; channelId: string; clientMsgId: string }, Selectable<MessagesTable>>((db) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('author_id', '=', param('authorId'))
    .where('channel_id', '=', param('channelId'))
    .where('client_msg_id', '=', param('clientMsgId')),
);
type MessageRow = Omit<Selectable<MessagesTable>, 'pk'>;
const insertMessage = prepareQuery<{ [K in keyof MessageRow]: MessageRow[K] }, { pk: number }>((db) =>
  db
    .insertInto('messages')
    .values({
      id: param('id'),
      channel_id: param('channel_id'),
      author_id: param('author_id'),
      text: param('text'),
      entities: param('entities'),
      mentions: param('mentions'),
      thread_root_id: param('thread_root_id'),
      client_msg_id: param('client_msg_id'),
      reply_count: param<number>('reply_count'),
      last_reply_at: param('last_reply_at'),
      created_at: param('created_at'),
      edited_at: param('edited_at'),
      deleted_at: param('deleted_at'),
      files: param('files'),
    })
    .onConflict((oc) => oc.columns(['author_id', 'channel_id', 'client_msg_id']).doNothing())
    .returning('pk'),
);
/**
 * The channel's last activity moves to the new message, unless it is archived. Run after the
 * append lock is taken, it is also the archive check at that point: no row when another node
 * archived the channel after the post's first read (see {@link createMessage}).
 */
const touchChannel = prepareQuery<{ channelId: string; now: string }, { id: string }>((db) =>
  db
    .updateTable('channels')
    .set({ last_message_at: param('now') })
    .where('id', '=', param('channelId'))
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('channel_details').select('channel_id').where('channel_id', '=', param('channelId')).where('archived_at', 'is not', null))),
    )
    .returning('id'),
);
/**
 * The author's read marker moves to their new message. Run after the append lock is taken, it is
 * also the membership check at that point: no row when another node removed the author after
 * the post's first read (see {@link createMessage}).
 */
const markOwnRead = prepareQuery<{ channelId: string; userId: string; messageId: string }, { user_id: string }>((db) =>
  db
    .updateTable('channel_members')
    .set({ last_read_message_id: param('messageId') })
    .where('channel_id', '=', param('channelId'))
    .where('user_id', '=', param('userId'))
    .returning('user_id'),
);

function checkText(text: string, hasFiles = false): void {
  if (text.trim().length === 0 && !hasFiles) throw new AppError(400, 'empty_message', 'Message text must not be empty');
  if (text.length > MAX_MESSAGE_LENGTH) throw new AppError(400, 'message_too_long', `Message text is limited to ${MAX_MESSAGE_LENGTH} characters`);
}

async function loadMessage(uow: UnitOfWork, id: string): Promise<Selectable<MessagesTable>> {
  return uow.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function replaceMentions(uow: UnitOfWork, messageId: string, channelId: string, ids: string[]): Promise<void> {
  await uow.db.deleteFrom('message_mentions').where('message_id', '=', messageId).execute();
  if (ids.length > 0) {
    await uow.db.insertInto('message_mentions').values(ids.map((user_id) => ({ message_id: messageId, channel_id: channelId, user_id }))).execute();
  }
}

/**
 * The one read a post makes before the guard (PostgreSQL and SQLite alike): the channel's kind,
 * visibility and name, whether the author is a member now, whether it is archived, and the
 * author's display name (for notifications) — four lookups merged into one indexed statement.
 */
interface PostTarget {
  kind: string;
  visibility: string;
  name: string;
  member_id: string | null;
  archived_at: string | null;
  author_name: string | null;
}
const postTarget = prepareQuery<{ channelId: string; userId: string }, PostTarget>((db) =>
  db
    .selectFrom('channels as c')
    .leftJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'c.id').on('cm.user_id', '=', param('userId')))
    .leftJoin('channel_details as d', 'd.channel_id', 'c.id')
    .leftJoin('users as u', (j) => j.on('u.id', '=', param('userId')))
    .select(['c.kind', 'c.visibility', 'c.name', 'cm.user_id as member_id', 'd.archived_at', 'u.name as author_name'])
    .where('c.id', '=', param('channelId')),
);
/**
 * The thread root's counters after a reply, read back by the same statement that changes them.
 * Run after the append lock is taken, it is also the check that the root still stands: no row
 * when another node deleted it after the post's read of the root (see {@link createMessage}).
 */
const bumpReplies = prepareQuery<{ rootId: string; now: string }, Selectable<MessagesTable>>((db) =>
  db
    .updateTable('messages')
    .set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_reply_at: param('now') }))
    .where('id', '=', param('rootId'))
    .where('deleted_at', 'is', null)
    .returningAll(),
);

/** What a post by a non-member answers: the same as `channelFor(…, 'read')`. */
function notAMember(target: Pick<PostTarget, 'kind' | 'visibility'>): AppError {
  if (!(target.kind === 'channel' && target.visibility === 'public')) return new AppError(404, 'not_found', 'No such channel');
  return new AppError(404, 'not_a_member', 'Join this channel first');
}

/**
 * Thrown by {@link createMessage} when the author already posted this `clientMsgId` in the channel
 * (found by the insert itself, `ON CONFLICT DO NOTHING`): the unit rolls back — so nothing the
 * guard did for the repeat (vault values, its audit event) stays — and the caller answers with the
 * original, read after the rollback ({@link repeatedMessage}).
 */
export class RepeatedClientMsgId extends Error {
  constructor() {
    super('clientMsgId already used for a message of this author in this channel');
    this.name = 'RepeatedClientMsgId';
  }
}

/**
 * The message `authorId` posted in `channelId` with `clientMsgId` (after a {@link RepeatedClientMsgId};
 * the original is committed by then). Throws `Error` when there is none.
 */
export async function repeatedMessage(db: Kysely<Database>, authorId: string, channelId: string, clientMsgId: string): Promise<MessageJson> {
  const prior = await priorByClientMsgId.takeFirst(db, { authorId, channelId, clientMsgId });
  if (!prior) throw new Error('repeated clientMsgId without its message');
  return presentMessage(prior);
}

/**
 * The checks of a post before its insert, in order: the text (400), the thread root (400
 * `invalid_thread_root`), then the guard (422 and the guard's other errors). Returns the root and
 * the text as the guard protected it.
 */
async function checkedPost(
  uow: UnitOfWork,
  deps: MessageDeps,
  caller: Caller,
  args: { channelId: string; text: string; threadRootId?: string },
  hasFiles: boolean,
): Promise<{ root: Selectable<MessagesTable> | undefined; protectedText: { text: string; entities: MessageEntity[] } }> {
  checkText(args.text, hasFiles);
  let root: Selectable<MessagesTable> | undefined;
  if (args.threadRootId !== undefined) {
    root = await uow.db.selectFrom('messages').selectAll().where('id', '=', args.threadRootId).where('channel_id', '=', args.channelId).executeTakeFirst();
    if (!root) throw new AppError(400, 'invalid_thread_root', 'threadRootId is not a message of this channel');
    if (root.thread_root_id !== null) throw new AppError(400, 'invalid_thread_root', 'threadRootId must be a thread root, not a reply');
    if (root.deleted_at !== null) throw new AppError(400, 'invalid_thread_root', 'The thread root was deleted');
  }
  const protectedText = args.text === '' ? { text: '', entities: [] } : await deps.guard.protect(uow.db, { channelId: args.channelId, authorId: caller.id, text: args.text });
  return { root, protectedText };
}

/**
 * Posts a message. A repeated `clientMsgId` (same author and channel) throws
 * {@link RepeatedClientMsgId} (callers answer with {@link repeatedMessage}) — also when the
 * repeat's own text or thread root would be refused now; on an archived
 * channel the original is returned with `created: false`. With `files` (attachments as the API
 * shows them, see `services/media`) the text may be empty. Throws 404 `not_found` /
 * `not_a_member` (channel), 400 `invalid_thread_root`, 400 `empty_message`, 422 from the guard,
 * 409 `channel_archived`.
 *
 * Statements (PostgreSQL, a plain post): one read of channel, membership, archive state and
 * author name; the guard's generation check; the insert (which also detects a repeated
 * `clientMsgId`); the search index; the notification recipients (one query); then — only now —
 * the append lock and the `message.created` event, and the two row updates (channel activity,
 * the author's read marker), so the lock is held over those, the commit, and nothing before them.
 * Every value in the response and the stream event comes from what this function wrote, never
 * read back. The first read runs before the lock, so another node may change what it saw before
 * this post takes the lock; the updates behind the lock check it again without a statement of
 * their own: the channel's activity update finds no row when the channel was archived meanwhile
 * (409), the read marker's update none when the author was removed meanwhile (404).
 */
export async function createMessage(
  uow: UnitOfWork,
  deps: MessageDeps,
  caller: Caller,
  args: { channelId: string; text: string; threadRootId?: string; clientMsgId?: string; files?: readonly FileJson[] },
): Promise<{ message: MessageJson; created: boolean }> {
  const target = await postTarget.takeFirst(uow.db, { channelId: args.channelId, userId: caller.id });
  // The same answers as `channelFor(…, 'read')`.
  if (!target) throw new AppError(404, 'not_found', 'No such channel');
  if (target.member_id === null) throw notAMember(target);
  if (target.archived_at !== null) {
    if (args.clientMsgId !== undefined) {
      const prior = await priorByClientMsgId.takeFirst(uow.db, { authorId: caller.id, channelId: args.channelId, clientMsgId: args.clientMsgId });
      if (prior) return { message: presentMessage(prior), created: false };
    }
    await assertWritable(uow.db, args.channelId);
  }
  const hasFiles = args.files !== undefined && args.files.length > 0;
  let checked: { root: Selectable<MessagesTable> | undefined; protectedText: { text: string; entities: MessageEntity[] } };
  try {
    checked = await checkedPost(uow, deps, caller, args, hasFiles);
  } catch (err) {
    // A repeat is found by the insert below, after these checks: one they refuse (the guard
    // blocks its text, its thread's root was deleted since, …) may still be a repeat, which
    // answers the original — looked up only on this refusal path, so a post costs no extra read.
    if (err instanceof AppError && args.clientMsgId !== undefined) {
      const prior = await priorByClientMsgId.takeFirst(uow.db, { authorId: caller.id, channelId: args.channelId, clientMsgId: args.clientMsgId });
      if (prior) throw new RepeatedClientMsgId();
    }
    throw err;
  }
  const { root, protectedText } = checked;
  const id = newId();
  const mentions = await resolveMentions(uow.db, args.channelId, protectedText.text);
  const now = new Date().toISOString();
  const row: MessageRow = {
    id,
    channel_id: args.channelId,
    author_id: caller.id,
    text: protectedText.text,
    entities: JSON.stringify(protectedText.entities),
    mentions: JSON.stringify(mentions),
    thread_root_id: root?.id ?? null,
    client_msg_id: args.clientMsgId ?? null,
    reply_count: 0,
    last_reply_at: null,
    created_at: now,
    edited_at: null,
    deleted_at: null,
    files: hasFiles ? JSON.stringify(args.files) : null,
  };
  const inserted = await insertMessage.takeFirst(uow.db, row);
  if (!inserted) {
    // `ON CONFLICT DO NOTHING` on (author, channel, clientMsgId): a repeat (a row without a
    // clientMsgId never conflicts). On PostgreSQL a concurrent insert of the same key waits for
    // the other transaction and then lands here once it committed.
    if (args.clientMsgId !== undefined) throw new RepeatedClientMsgId();
    throw new Error('messages insert returned no row');
  }
  const others = mentions.filter((m) => m !== caller.id);
  if (others.length > 0) {
    await uow.db.insertInto('message_mentions').values(others.map((user_id) => ({ message_id: id, channel_id: args.channelId, user_id }))).execute();
  }
  await addMessageTokens(uow.db, row, now);
  await addToIndex(uow.db, inserted.pk, protectedText.text);
  const isDm = target.kind === 'dm';
  const stored = { ...row, pk: inserted.pk };
  const recipients = await notificationRecipients(uow.db, stored, isDm);
  const message = presentMessage(stored);
  // From here on the append lock is held (taken by the event insert) until the commit.
  await messageCreated(uow, message);
  // A DM's members never change; a channel's may have since `notificationRecipients` (another node).
  const stillRecipients = isDm ? recipients : await keepMembers(uow.db, args.channelId, recipients);
  await notifyPosted(uow, stored, stillRecipients, { channelName: isDm ? null : target.name, authorName: target.author_name ?? 'Someone', threadRootId: row.thread_root_id });
  const open = await touchChannel.takeFirst(uow.db, { channelId: args.channelId, now });
  if (!open) throw archivedError();
  // Behind the append lock now: a removal committed by another node since `postTarget` shows
  // here (it took the lock before this post did), and this post must not land after it.
  const stillMember = await markOwnRead.takeFirst(uow.db, { channelId: args.channelId, userId: caller.id, messageId: id });
  if (!stillMember) throw notAMember(target);
  if (root) {
    const bumped = await bumpReplies.takeFirst(uow.db, { rootId: root.id, now });
    if (!bumped) throw new AppError(400, 'invalid_thread_root', 'The thread root was deleted');
    await messageUpdated(uow, presentMessage(bumped));
  }
  return { message, created: true };
}

async function editableMessage(uow: UnitOfWork, caller: Caller, id: string): Promise<Selectable<MessagesTable>> {
  const row = await uow.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such message');
  try {
    await channelFor(uow.db, caller, row.channel_id, 'read');
  } catch {
    throw new AppError(404, 'not_found', 'No such message');
  }
  return row;
}

/**
 * Edits the caller's own message; the previous text stays in its history. Placeholders the server
 * issued for this message keep their tokens: those listed in `chips` (validated, 400
 * `invalid_entities` otherwise), or without `chips` matched by placeholder text and order (see
 * `kept-entities.ts`); typed look-alikes stay plain text. The rest of the text passes the guard.
 */
export async function editMessage(uow: UnitOfWork, deps: MessageDeps, caller: Caller, id: string, text: string, chips?: readonly KeptChip[]): Promise<MessageJson> {
  const row = await editableMessage(uow, caller, id);
  if (!canEditMessage(caller, row)) throw new AppError(403, 'forbidden', 'Only the author can edit a message');
  if (row.deleted_at !== null) throw new AppError(409, 'message_deleted', 'This message was deleted');
  await assertWritable(uow.db, row.channel_id);
  checkText(text);
  const current = { text: row.text, entities: JSON.parse(row.entities) as MessageEntity[] };
  const keep = chips ? keptByClient(current, text, chips) : keptByOrder(current, text);
  const protectedText = await deps.guard.protect(uow.db, { channelId: row.channel_id, authorId: caller.id, text, messageId: id, keep });
  const mentions = await resolveMentions(uow.db, row.channel_id, protectedText.text);
  const now = new Date().toISOString();
  const entities = JSON.stringify(protectedText.entities);
  await uow.db
    .updateTable('messages')
    .set({ text: protectedText.text, entities, mentions: JSON.stringify(mentions), edited_at: now })
    .where('id', '=', id)
    .execute();
  await uow.db.insertInto('message_versions').values({ id: newId(), message_id: id, text: row.text, entities: row.entities, edited_at: row.edited_at ?? row.created_at }).execute();
  await replaceMentions(uow, id, row.channel_id, mentions.filter((m) => m !== caller.id));
  await indexMessageText(uow.db, row.pk, protectedText.text);
  const stored = await loadMessage(uow, id);
  await syncMessageTokens(uow.db, stored, now);
  const message = presentMessage(stored);
  // Replays (`?since=`) carry the current version, never the text or tokens edited away.
  await scrubMessageEvents(uow, message);
  await messageUpdated(uow, message);
  await syncNotifications(uow, id);
  return message;
}

/** Soft-deletes a message (author or admin): text, entities, mentions and history are erased. */
export async function deleteMessage(uow: UnitOfWork, caller: Caller, id: string): Promise<void> {
  const row = await editableMessage(uow, caller, id);
  if (!canDeleteMessage(caller, row)) throw new AppError(403, 'forbidden', 'Only the author or an admin can delete a message');
  await removeMessage(uow, row);
}

/**
 * Erases a message row (no permission check: callers authorize; e.g. a privacy officer's
 * redaction): text, entities, mentions, history, search entry and stored event payloads go, a
 * `message.deleted` event is emitted and the thread root's reply count drops. No-op when deleted.
 */
export async function removeMessage(uow: UnitOfWork, row: Selectable<MessagesTable>): Promise<void> {
  const id = row.id;
  if (row.deleted_at !== null) return;
  const now = new Date().toISOString();
  await uow.db.updateTable('messages').set({ text: '', entities: '[]', mentions: '[]', deleted_at: now }).where('id', '=', id).execute();
  await uow.db.deleteFrom('message_versions').where('message_id', '=', id).execute();
  await uow.db.deleteFrom('message_mentions').where('message_id', '=', id).execute();
  await clearReactions(uow.db, id);
  await unpinDeleted(uow, row);
  await uow.db.deleteFrom('saved_items').where('message_id', '=', id).execute();
  await unindexMessage(uow.db, row.pk);
  const deletedRow = await loadMessage(uow, id);
  await syncMessageTokens(uow.db, deletedRow, now);
  const deleted = presentMessage(deletedRow);
  await scrubMessageEvents(uow, deleted);
  await messageDeleted(uow, deleted);
  await syncNotifications(uow, id);
  if (row.thread_root_id) {
    await uow.db
      .updateTable('messages')
      .set((eb) => ({ reply_count: eb('reply_count', '-', 1) }))
      .where('id', '=', row.thread_root_id)
      .where('reply_count', '>', 0)
      .execute();
    await messageUpdated(uow, presentMessage(await loadMessage(uow, row.thread_root_id)));
  }
}
