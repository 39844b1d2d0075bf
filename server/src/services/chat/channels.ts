/**
 * Channels, DMs and membership. Functions take the caller and a database handle (a
 * {@link UnitOfWork} for changes, whose stream events are delivered after commit). Every channel
 * and membership change appends its audit event (who, whom) in the same transaction.
 */
import type { Kysely, Selectable } from 'kysely';
import type { KnownSubjectIndex } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { ChannelsTable, UsersTable } from '../../db/schema/chat.ts';
import { withdrawForMember } from '../notifications/notify.ts';
import { AppError } from '../../errors.ts';
import { channelCreated, channelRead, channelUpdated, memberAdded, memberRemoved } from '../../events.ts';
import { newId } from '../../ids.ts';
import { canAddMember, canEditChannel, canRemoveMember, channelFor } from '../../policies/index.ts';
import type { ChannelJson } from '../../presenters/channel.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { presentChannelFor, presentChannelForEvent, presentChannelsFor } from './channel-figures.ts';
import { assertNoPersonalData } from './channel-text-guard.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { channelAccess, isChannelOwner } from './channel-access.ts';
import { validChannelName } from './channel-names.ts';
import { assertWritable, detailsOf, MAX_DESCRIPTION_LENGTH, writeDetails } from './channel-details.ts';
import { leaveRules } from './channel-leave.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role' | 'name'>;

/** Most members a DM may have (caller included). */
export const MAX_DM_MEMBERS = 9;

/** Channels and DMs the caller belongs to (minus DMs they hid, until a newer message), plus public channels they may join; by name. */
export async function listChannels(db: Kysely<Database>, caller: Caller): Promise<ChannelJson[]> {
  const rows = await db
    .selectFrom('channels as c')
    .leftJoin('channel_members as me', (j) => j.onRef('me.channel_id', '=', 'c.id').on('me.user_id', '=', caller.id))
    .leftJoin('channel_hidden as h', (j) => j.onRef('h.channel_id', '=', 'c.id').on('h.user_id', '=', caller.id))
    .selectAll('c')
    .where((eb) => eb.or([eb('me.user_id', 'is not', null), eb.and([eb('c.kind', '=', 'channel'), eb('c.visibility', '=', 'public')])]))
    // A hidden DM comes back with its next message.
    .where((eb) => eb.or([eb('h.hidden_at', 'is', null), eb('c.last_message_at', '>', eb.ref('h.hidden_at'))]))
    .orderBy('c.name')
    .orderBy('c.id')
    .execute();
  return presentChannelsFor(db, caller.id, rows);
}

/** One channel the caller may see (404 otherwise). */
export async function getChannel(db: Kysely<Database>, caller: Caller, id: string): Promise<ChannelJson> {
  const { channel } = await channelFor(db, caller, id, 'view');
  return presentChannelFor(db, caller.id, channel);
}

async function insertChannel(uow: UnitOfWork, row: Selectable<ChannelsTable>, memberIds: string[]): Promise<void> {
  await uow.db.insertInto('channels').values(row).execute();
  await uow.db
    .insertInto('channel_members')
    .values(memberIds.map((user_id) => ({ channel_id: row.id, user_id, joined_at: row.created_at, last_read_message_id: null })))
    .execute();
  await channelCreated(uow, await presentChannelForEvent(uow.db, row), memberIds);
  await appendAuditEvent(uow.db, {
    actor: row.created_by,
    action: 'channel.create',
    target: `channel:${row.id}`,
    outcome: 'success',
    details: { kind: row.kind, visibility: row.visibility, members: memberIds },
  });
}

/** What the name/topic guard consults besides the analyzer's patterns. */
export interface ChannelTextGuard {
  /** Known data subjects' values (from the privacy runtime); their retyped forms are refused too. */
  knownSubjects?: KnownSubjectIndex | undefined;
}

/**
 * Creates a channel with the caller as its first member. Throws `409 name_taken`, `422
 * personal_data_blocked` (personal data in the name or topic, known subjects' values included).
 */
export async function createChannel(
  uow: UnitOfWork,
  caller: Caller,
  args: { name: string; visibility: 'public' | 'private'; topic?: string },
  guard: ChannelTextGuard = {},
): Promise<ChannelJson> {
  const name = validChannelName(args.name);
  assertNoPersonalData('name', name, guard.knownSubjects);
  assertNoPersonalData('topic', (args.topic ?? '').trim(), guard.knownSubjects);
  const nameKey = name.toLowerCase();
  const taken = await uow.db.selectFrom('channels').select('id').where('name_key', '=', nameKey).executeTakeFirst();
  if (taken) throw new AppError(409, 'name_taken', 'A channel with this name already exists');
  const now = new Date().toISOString();
  const row: Selectable<ChannelsTable> = {
    id: newId(),
    name,
    name_key: nameKey,
    visibility: args.visibility,
    kind: 'channel',
    topic: (args.topic ?? '').trim(),
    dm_key: null,
    created_by: caller.id,
    created_at: now,
    updated_at: now,
    last_message_at: null,
  };
  await insertChannel(uow, row, [caller.id]);
  return presentChannelFor(uow.db, caller.id, row);
}

/**
 * Renames, re-topics or re-describes a channel (not DMs; not while archived: 409 `channel_archived`).
 * Topic and description: members and admins. Renaming a public channel: its owners and admins
 * (403 `forbidden` otherwise); a private one: members and admins. New names follow
 * `channel-names.ts` (400 `invalid_channel_name`); a stored name sent back unchanged is accepted
 * as it is. Same `422 personal_data_blocked` as {@link createChannel}, 409 `name_taken`.
 */
export async function updateChannel(
  uow: UnitOfWork,
  caller: Caller,
  id: string,
  args: { name?: string; topic?: string; description?: string },
  guard: ChannelTextGuard = {},
): Promise<ChannelJson> {
  const { channel, member } = await channelFor(uow.db, caller, id, 'view');
  if (!canEditChannel(caller, channel, member)) throw new AppError(403, 'forbidden', 'You may not change this channel');
  await assertWritable(uow.db, id);
  const patch: Partial<Selectable<ChannelsTable>> = {};
  if (args.name !== undefined && args.name.trim() !== channel.name) {
    const name = validChannelName(args.name);
    if (name !== channel.name) {
      if (channel.visibility === 'public' && caller.role !== 'admin' && !(await isChannelOwner(uow.db, channel, caller.id))) {
        throw new AppError(403, 'forbidden', 'Only the channel owners and admins may rename a public channel');
      }
      assertNoPersonalData('name', name, guard.knownSubjects);
      const taken = await uow.db.selectFrom('channels').select('id').where('name_key', '=', name.toLowerCase()).where('id', '!=', id).executeTakeFirst();
      if (taken) throw new AppError(409, 'name_taken', 'A channel with this name already exists');
      patch.name = name;
      patch.name_key = name.toLowerCase();
    }
  }
  if (args.topic !== undefined && args.topic.trim() !== channel.topic) {
    assertNoPersonalData('topic', args.topic.trim(), guard.knownSubjects);
    patch.topic = args.topic.trim();
  }
  const fields: string[] = Object.keys(patch).filter((k) => k === 'name' || k === 'topic');
  if (args.description !== undefined) {
    const description = args.description.trim();
    if (description.length > MAX_DESCRIPTION_LENGTH) throw new AppError(400, 'invalid_request', `A description is at most ${MAX_DESCRIPTION_LENGTH} characters`);
    if (description !== (await detailsOf(uow.db, [id])).get(id)?.description) {
      assertNoPersonalData('description', description, guard.knownSubjects);
      await writeDetails(uow.db, id, { description });
      fields.push('description');
    }
  }
  if (fields.length === 0) return presentChannelFor(uow.db, caller.id, channel);
  patch.updated_at = new Date().toISOString();
  await uow.db.updateTable('channels').set(patch).where('id', '=', id).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'channel.update', target: `channel:${id}`, outcome: 'success', details: { fields } });
  const row = await uow.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await channelUpdated(uow, await presentChannelForEvent(uow.db, row));
  return presentChannelFor(uow.db, caller.id, row);
}

/**
 * The DM channel of the caller and `userIds` (1:1 or a small group, at most
 * {@link MAX_DM_MEMBERS} people); the same channel on a repeat. Throws 400 / 404 for unknown users.
 */
export async function openDm(uow: UnitOfWork, caller: Caller, userIds: string[]): Promise<{ channel: ChannelJson; created: boolean }> {
  const ids = [...new Set([caller.id, ...userIds])].sort();
  if (ids.length > MAX_DM_MEMBERS) throw new AppError(400, 'invalid_request', `A DM has at most ${MAX_DM_MEMBERS} members`);
  const users = await uow.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).where('active', '=', 1).orderBy('name').execute();
  if (users.length !== ids.length) throw new AppError(404, 'user_not_found', 'Unknown or inactive user');
  const dmKey = ids.join(',');
  const existing = await uow.db.selectFrom('channels').selectAll().where('dm_key', '=', dmKey).executeTakeFirst();
  if (existing) return { channel: await presentChannelFor(uow.db, caller.id, existing), created: false };
  const now = new Date().toISOString();
  const row: Selectable<ChannelsTable> = {
    id: newId(),
    name: users.map((u) => u.name).join(', '),
    name_key: null,
    visibility: 'private',
    kind: 'dm',
    topic: '',
    dm_key: dmKey,
    created_by: caller.id,
    created_at: now,
    updated_at: now,
    last_message_at: null,
  };
  await insertChannel(uow, row, ids);
  return { channel: await presentChannelFor(uow.db, caller.id, row), created: true };
}

/** Members of a channel the caller may see, by name. */
export async function listMembers(db: Kysely<Database>, caller: Caller, channelId: string) {
  await channelFor(db, caller, channelId, 'view');
  const rows = await db
    .selectFrom('channel_members as cm')
    .innerJoin('users as u', 'u.id', 'cm.user_id')
    .select(['cm.user_id', 'u.name', 'u.email', 'u.role', 'cm.joined_at'])
    .where('cm.channel_id', '=', channelId)
    .orderBy('u.name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role, joinedAt: r.joined_at }));
}

/**
 * Adds `userId` (idempotent). Their open sockets subscribe at once. A case room's members follow the
 * case's assignees (`services/cases/rooms.ts`): adding someone here throws 403
 * `case_room_members_follow_assignment`.
 */
export async function addMember(uow: UnitOfWork, caller: Caller, channelId: string, userId: string): Promise<void> {
  const { channel, member } = await channelFor(uow.db, caller, channelId, 'view');
  if (channel.kind === 'dm') throw new AppError(400, 'dm_members_fixed', 'Members of a DM cannot change; open a new DM');
  if (channel.kind === 'case') {
    throw new AppError(403, 'case_room_members_follow_assignment', 'People join a case room by being assigned to the case');
  }
  await assertWritable(uow.db, channelId);
  const access = await channelAccess(uow.db, channel, caller);
  if (!canAddMember(caller, channel, member, userId, access)) {
    throw new AppError(403, 'forbidden', access.ownersOnly ? 'Only the channel owners can add people to this channel' : 'Only members can add people to this channel');
  }
  const target = await uow.db.selectFrom('users').select('id').where('id', '=', userId).where('active', '=', 1).executeTakeFirst();
  if (!target) throw new AppError(404, 'user_not_found', 'Unknown or inactive user');
  const already = await uow.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
  if (already) return;
  const last = await uow.db.selectFrom('messages').select('id').where('channel_id', '=', channelId).orderBy('id', 'desc').limit(1).executeTakeFirst();
  await uow.db
    .insertInto('channel_members')
    .values({ channel_id: channelId, user_id: userId, joined_at: new Date().toISOString(), last_read_message_id: last?.id ?? null })
    .execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'channel.member_add', target: `channel:${channelId}`, outcome: 'success', details: { userId } });
  await memberAdded(uow, await presentChannelForEvent(uow.db, channel), userId);
}

/**
 * Removes `userId` (self = leave). Access ends at once: API, search, stream, threads. Besides 403
 * `forbidden`, the rules of `channel-leave.ts`: DMs are hidden, not left (400 `dm_members_fixed`), a
 * case room's assignees stay while assigned (409 `case_room_assigned`), the last owner names
 * another before leaving (409 `last_owner`).
 */
export async function removeMember(uow: UnitOfWork, caller: Caller, channelId: string, userId: string): Promise<void> {
  const { channel } = await channelFor(uow.db, caller, channelId, 'view');
  if (!canRemoveMember(caller, channel, userId, await channelAccess(uow.db, channel, caller))) throw new AppError(403, 'forbidden', 'You may not remove this member');
  await leaveRules(uow.db, caller, channel, userId);
  const res = await uow.db.deleteFrom('channel_members').where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError(404, 'not_found', 'Not a member');
  await uow.db.deleteFrom('channel_owners').where('channel_id', '=', channelId).where('user_id', '=', userId).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'channel.member_remove', target: `channel:${channelId}`, outcome: 'success', details: { userId } });
  await withdrawForMember(uow, channelId, userId);
  await memberRemoved(uow, channelId, userId);
}

/** Moves the caller's read position forward to `messageId` (a message of that channel). */
export async function markRead(uow: UnitOfWork, caller: Caller, channelId: string, messageId: string): Promise<void> {
  await channelFor(uow.db, caller, channelId, 'read');
  const msg = await uow.db.selectFrom('messages').select('id').where('id', '=', messageId).where('channel_id', '=', channelId).executeTakeFirst();
  if (!msg) throw new AppError(404, 'not_found', 'No such message in this channel');
  const res = await uow.db
    .updateTable('channel_members')
    .set({ last_read_message_id: messageId })
    .where('channel_id', '=', channelId)
    .where('user_id', '=', caller.id)
    .where((eb) => eb.or([eb('last_read_message_id', 'is', null), eb('last_read_message_id', '<', messageId)]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) > 0) await channelRead(uow, caller.id, channelId, messageId);
}
