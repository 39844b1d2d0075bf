/**
 * Posting, editing and deleting messages. Each runs in the caller's {@link UnitOfWork}: the guard
 * protects the text first, then the row, its version, mentions, search index, thread counters
 * and stream events are written together — or nothing is (e.g. a guard's 422).
 */
import type { Selectable } from 'kysely';
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
import { assertWritable } from './channel-details.ts';
import { unpinDeleted } from './pins.ts';
import { addToIndex, indexMessageText, unindexMessage } from './search.ts';
import { param, prepareQuery } from '../../db/prepared.ts';
import { syncMessageTokens } from '../privacy/message-tokens.ts';
import { syncNotifications } from '../notifications/notify.ts';

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
    .returning('pk'),
);
const touchChannel = prepareQuery<{ channelId: string; now: string }>((db) => db.updateTable('channels').set({ last_message_at: param('now') }).where('id', '=', param('channelId')));
const markOwnRead = prepareQuery<{ channelId: string; userId: string; messageId: string }>((db) =>
  db.updateTable('channel_members').set({ last_read_message_id: param('messageId') }).where('channel_id', '=', param('channelId')).where('user_id', '=', param('userId')),
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
 * Posts a message. A repeated `clientMsgId` (same author and channel) returns the original with
 * `created: false`. With `files` (attachments as the API shows them, see `services/media`) the
 * text may be empty. Throws 404/403 (channel), 400 `invalid_thread_root`, 400 `empty_message`,
 * 422 from the guard, 409 `channel_archived`.
 */
export async function createMessage(
  uow: UnitOfWork,
  deps: MessageDeps,
  caller: Caller,
  args: { channelId: string; text: string; threadRootId?: string; clientMsgId?: string; files?: readonly FileJson[] },
): Promise<{ message: MessageJson; created: boolean }> {
  await channelFor(uow.db, caller, args.channelId, 'read');
  if (args.clientMsgId !== undefined) {
    const prior = await priorByClientMsgId.takeFirst(uow.db, { authorId: caller.id, channelId: args.channelId, clientMsgId: args.clientMsgId });
    if (prior) return { message: presentMessage(prior), created: false };
  }
  await assertWritable(uow.db, args.channelId);
  const hasFiles = args.files !== undefined && args.files.length > 0;
  checkText(args.text, hasFiles);
  let root: Selectable<MessagesTable> | undefined;
  if (args.threadRootId !== undefined) {
    root = await uow.db.selectFrom('messages').selectAll().where('id', '=', args.threadRootId).where('channel_id', '=', args.channelId).executeTakeFirst();
    if (!root) throw new AppError(400, 'invalid_thread_root', 'threadRootId is not a message of this channel');
    if (root.thread_root_id !== null) throw new AppError(400, 'invalid_thread_root', 'threadRootId must be a thread root, not a reply');
    if (root.deleted_at !== null) throw new AppError(400, 'invalid_thread_root', 'The thread root was deleted');
  }
  const id = newId();
  const protectedText = args.text === '' ? { text: '', entities: [] } : await deps.guard.protect(uow.db, { channelId: args.channelId, authorId: caller.id, text: args.text });
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
  if (!inserted) throw new Error('messages insert returned no row');
  const others = mentions.filter((m) => m !== caller.id);
  if (others.length > 0) {
    await uow.db.insertInto('message_mentions').values(others.map((user_id) => ({ message_id: id, channel_id: args.channelId, user_id }))).execute();
  }
  await syncMessageTokens(uow.db, row, now);
  await addToIndex(uow.db, inserted.pk, protectedText.text);
  await touchChannel.execute(uow.db, { channelId: args.channelId, now });
  await markOwnRead.execute(uow.db, { channelId: args.channelId, userId: caller.id, messageId: id });
  const message = presentMessage({ ...row, pk: inserted.pk });
  await messageCreated(uow, message);
  await syncNotifications(uow, id);
  if (root) {
    await uow.db.updateTable('messages').set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_reply_at: now })).where('id', '=', root.id).execute();
    await messageUpdated(uow, presentMessage(await loadMessage(uow, root.id)));
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
