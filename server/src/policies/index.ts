/**
 * Who may do what, in one place. Reading a channel's messages requires membership NOW; a private
 * channel or DM is invisible (404) to non-members; a public one is visible but its messages
 * are not (404 `not_a_member`, PRODUCT.md: "a channel … the caller may not read → 404") until
 * the caller joins.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema/index.ts';
import type { ChannelsTable, MessagesTable, UsersTable } from '../db/schema/chat.ts';
import { AppError } from '../errors.ts';
import { param, prepareQuery } from '../db/prepared.ts';

type User = Pick<Selectable<UsersTable>, 'id' | 'role'>;
type Channel = Selectable<ChannelsTable>;

// The two statements of every membership check (hot: each post and read), compiled once.
const memberQuery = prepareQuery<{ channelId: string; userId: string }>((db) =>
  db.selectFrom('channel_members').select('user_id').where('channel_id', '=', param('channelId')).where('user_id', '=', param('userId')),
);
const channelQuery = prepareQuery<{ channelId: string }, Channel>((db) => db.selectFrom('channels').selectAll().where('id', '=', param('channelId')));

/** Throws 403 unless `user` is an admin. */
export function requireAdmin(user: User): void {
  if (user.role !== 'admin') throw new AppError(403, 'forbidden', 'Admins only');
}

const joinedQuery = prepareQuery<{ channelId: string; userId: string }, { joined_at: string }>((db) =>
  db.selectFrom('channel_members').select('joined_at').where('channel_id', '=', param('channelId')).where('user_id', '=', param('userId')),
);

/** When `userId` joined `channelId` (ISO-8601), or `undefined` when not a member now. */
export async function memberSince(db: Kysely<Database>, channelId: string, userId: string): Promise<string | undefined> {
  return (await joinedQuery.takeFirst(db, { channelId, userId }))?.joined_at;
}

/** Whether `userId` is a member of `channelId` now. */
export async function isMember(db: Kysely<Database>, channelId: string, userId: string): Promise<boolean> {
  return (await memberQuery.takeFirst(db, { channelId, userId })) !== undefined;
}

/**
 * Loads a channel the caller may see. `need: 'view'` allows public channels to non-members;
 * `need: 'read'` (messages, posting) requires membership. Throws 404 `not_found` / 404 `not_a_member`.
 */
export async function channelFor(
  db: Kysely<Database>,
  user: User,
  channelId: string,
  need: 'view' | 'read',
): Promise<{ channel: Channel; member: boolean }> {
  const channel = await channelQuery.takeFirst(db, { channelId });
  if (!channel) throw new AppError(404, 'not_found', 'No such channel');
  const member = await isMember(db, channelId, user.id);
  if (!member) {
    const visible = channel.kind === 'channel' && channel.visibility === 'public';
    if (!visible) throw new AppError(404, 'not_found', 'No such channel');
    if (need === 'read') throw new AppError(404, 'not_a_member', 'Join this channel first');
  }
  return { channel, member };
}

/** Channel access facts beyond membership: the owners-only setting and whether the caller is an owner. */
export interface ChannelAccess {
  /** Only owners may add members (a private channel's `add_members = 'owners'` setting). */
  ownersOnly: boolean;
  /** The caller is a current member and the channel's creator or made owner. */
  callerIsOwner: boolean;
}

/**
 * May `user` add `targetId` to the channel? DMs: never. Self-join of public channels. A private
 * channel restricted to owners: its owners only (not admins: adding oneself would be a way to raw
 * data). Otherwise members and admins.
 */
export function canAddMember(user: User, channel: Channel, callerIsMember: boolean, targetId: string, access: ChannelAccess): boolean {
  if (channel.kind === 'dm') return false;
  if (targetId === user.id && channel.visibility === 'public') return true;
  if (access.ownersOnly && channel.visibility !== 'public') return access.callerIsOwner;
  return callerIsMember || user.role === 'admin';
}

/** May `user` change the channel's access settings and owners? Its owners and admins; never DMs. */
export function canManageChannel(user: User, channel: Channel, access: Pick<ChannelAccess, 'callerIsOwner'>): boolean {
  return channel.kind !== 'dm' && (access.callerIsOwner || user.role === 'admin');
}

/** May `user` remove `targetId`? Themselves (leave), the channel's creator, or an admin. */
export function canRemoveMember(user: User, channel: Channel, targetId: string, access: Pick<ChannelAccess, 'callerIsOwner'> = { callerIsOwner: false }): boolean {
  return targetId === user.id || channel.created_by === user.id || access.callerIsOwner || user.role === 'admin';
}

/** May `user` rename or re-topic the channel? Members (not for DMs) and admins. */
export function canEditChannel(user: User, channel: Channel, callerIsMember: boolean): boolean {
  return channel.kind !== 'dm' && (callerIsMember || user.role === 'admin');
}

/** Only the author edits a message. */
export function canEditMessage(user: User, message: Selectable<MessagesTable>): boolean {
  return message.author_id === user.id;
}

/** The author or an admin deletes a message. */
export function canDeleteMessage(user: User, message: Selectable<MessagesTable>): boolean {
  return message.author_id === user.id || user.role === 'admin';
}

/** Throws 403 unless `user` is a privacy officer (audit views, policies, marks review, erasure). */
export function requirePrivacyOfficer(user: User): void {
  if (user.role !== 'privacy_officer') throw new AppError(403, 'forbidden', 'Privacy officers only');
}
