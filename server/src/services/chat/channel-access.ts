/**
 * Channel owners and access settings (issue 7, item 4). Owners are the creator plus those made
 * owner (`channel_owners`), each only while a member. A private channel's `addMembers` setting
 * (`members` | `owners`) says who may add people; owners and admins change it. Every change is
 * audited in the same transaction (`channel.settings_change`, `channel.owner_add`,
 * `channel.owner_remove`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { ChannelsTable, UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { canManageChannel, channelFor, isMember, type ChannelAccess } from '../../policies/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;
type Channel = Selectable<ChannelsTable>;

/** Who may add members to a channel. */
export type AddMembersSetting = 'members' | 'owners';

/** `GET /channels/:id/settings` answer. */
export interface ChannelSettingsJson {
  channelId: string;
  addMembers: AddMembersSetting;
  /** Current owners (creator first when still a member), user ids. */
  owners: string[];
  /** The caller may change settings and owners. */
  canManage: boolean;
}

/** The `addMembers` setting of a channel (`members` when never set). */
export async function addMembersSetting(db: Kysely<Database>, channelId: string): Promise<AddMembersSetting> {
  const row = await db.selectFrom('channel_settings').select('add_members').where('channel_id', '=', channelId).executeTakeFirst();
  return row?.add_members === 'owners' ? 'owners' : 'members';
}

/** Whether `userId` owns `channel` now (creator or made owner, and a current member). */
export async function isChannelOwner(db: Kysely<Database>, channel: Channel, userId: string): Promise<boolean> {
  if (!(await isMember(db, channel.id, userId))) return false;
  if (channel.created_by === userId) return true;
  const row = await db.selectFrom('channel_owners').select('user_id').where('channel_id', '=', channel.id).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** The access facts `policies` needs for `caller` on `channel`. */
export async function channelAccess(db: Kysely<Database>, channel: Channel, caller: Caller): Promise<ChannelAccess> {
  return { ownersOnly: (await addMembersSetting(db, channel.id)) === 'owners', callerIsOwner: await isChannelOwner(db, channel, caller.id) };
}

async function owners(db: Kysely<Database>, channel: Channel): Promise<string[]> {
  const made = await db
    .selectFrom('channel_owners as o')
    .innerJoin('channel_members as m', (j) => j.onRef('m.channel_id', '=', 'o.channel_id').onRef('m.user_id', '=', 'o.user_id'))
    .select('o.user_id')
    .where('o.channel_id', '=', channel.id)
    .orderBy('o.added_at')
    .execute();
  const creator = (await isMember(db, channel.id, channel.created_by)) ? [channel.created_by] : [];
  return [...new Set([...creator, ...made.map((r) => r.user_id)])];
}

/** Settings of a channel the caller may see (404 otherwise). */
export async function getChannelSettings(db: Kysely<Database>, caller: Caller, channelId: string): Promise<ChannelSettingsJson> {
  const { channel } = await channelFor(db, caller, channelId, 'view');
  const access = await channelAccess(db, channel, caller);
  return { channelId, addMembers: access.ownersOnly ? 'owners' : 'members', owners: await owners(db, channel), canManage: canManageChannel(caller, channel, access) };
}

async function manageable(uow: UnitOfWork, caller: Caller, channelId: string): Promise<Channel> {
  const { channel } = await channelFor(uow.db, caller, channelId, 'view');
  if (channel.kind === 'dm') throw new AppError(400, 'dm_members_fixed', 'A DM has no owners or settings');
  if (!canManageChannel(caller, channel, await channelAccess(uow.db, channel, caller))) {
    throw new AppError(403, 'forbidden', 'Only the channel owners and admins may change this');
  }
  return channel;
}

/**
 * Sets who may add members. `owners` only for private channels (400 `invalid_request` otherwise).
 * Throws 404 (channel), 403 `forbidden` (not an owner or admin).
 */
export async function setAddMembers(uow: UnitOfWork, caller: Caller, channelId: string, value: AddMembersSetting): Promise<ChannelSettingsJson> {
  const channel = await manageable(uow, caller, channelId);
  if (value === 'owners' && channel.visibility === 'public') throw new AppError(400, 'invalid_request', 'Only a private channel can restrict adding members to its owners');
  const before = await addMembersSetting(uow.db, channelId);
  if (before !== value) {
    const now = new Date().toISOString();
    await uow.db
      .insertInto('channel_settings')
      .values({ channel_id: channelId, add_members: value, updated_by: caller.id, updated_at: now })
      .onConflict((oc) => oc.column('channel_id').doUpdateSet({ add_members: value, updated_by: caller.id, updated_at: now }))
      .execute();
    await appendAuditEvent(uow.db, {
      actor: caller.id,
      action: 'channel.settings_change',
      target: `channel:${channelId}`,
      outcome: 'success',
      details: { before: { addMembers: before }, after: { addMembers: value } },
    });
  }
  return getChannelSettings(uow.db, caller, channelId);
}

/** Makes a current member an owner (idempotent). Throws 404 `not_a_member` when `userId` is not a member. */
export async function addOwner(uow: UnitOfWork, caller: Caller, channelId: string, userId: string): Promise<void> {
  const channel = await manageable(uow, caller, channelId);
  if (!(await isMember(uow.db, channelId, userId))) throw new AppError(404, 'not_a_member', 'Only a member can be made owner');
  if (await isChannelOwner(uow.db, channel, userId)) return;
  await uow.db.insertInto('channel_owners').values({ channel_id: channelId, user_id: userId, added_by: caller.id, added_at: new Date().toISOString() }).execute();
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'channel.owner_add', target: `channel:${channelId}`, outcome: 'success', details: { userId } });
}

/** Ends `userId`'s ownership (the creator stays owner while a member: 409 `creator_is_owner`). */
export async function removeOwner(uow: UnitOfWork, caller: Caller, channelId: string, userId: string): Promise<void> {
  const channel = await manageable(uow, caller, channelId);
  if (channel.created_by === userId) throw new AppError(409, 'creator_is_owner', 'The creator of a channel stays its owner');
  const res = await uow.db.deleteFrom('channel_owners').where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw new AppError(404, 'not_found', 'Not an owner');
  await appendAuditEvent(uow.db, { actor: caller.id, action: 'channel.owner_remove', target: `channel:${channelId}`, outcome: 'success', details: { userId } });
}
