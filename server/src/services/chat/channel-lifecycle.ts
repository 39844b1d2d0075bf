/**
 * Archive, unarchive (channel owners and admins) and hiding a DM (issue 12, "Channels"). Archiving
 * keeps members and history readable and makes the channel read-only (`channel-details.ts`).
 * Each change is audited in its own transaction with the change (`channel.archive`,
 * `channel.unarchive`) and announced as `channel.updated`.
 */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { channelUpdated } from '../../events.ts';
import { canManageChannel, channelFor } from '../../policies/index.ts';
import type { ChannelJson } from '../../presenters/channel.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { channelAccess } from './channel-access.ts';
import { isArchived, writeDetails } from './channel-details.ts';
import { presentChannelFor, presentChannelForEvent } from './channel-figures.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/**
 * Archives (`archived: true`) or unarchives a channel; a repeat changes nothing. Throws 404 (channel
 * not visible), 400 `not_archivable` (DMs; case rooms follow their case), 403 `forbidden` (not an
 * owner or admin).
 */
export async function setArchived(uow: UnitOfWork, caller: Caller, channelId: string, archived: boolean): Promise<ChannelJson> {
  const { channel } = await channelFor(uow.db, caller, channelId, 'view');
  if (channel.kind !== 'channel') throw new AppError(400, 'not_archivable', channel.kind === 'dm' ? 'A DM cannot be archived; hide it instead' : 'A case room follows its case and cannot be archived');
  if (!canManageChannel(caller, channel, await channelAccess(uow.db, channel, caller))) {
    throw new AppError(403, 'forbidden', 'Only the channel owners and admins may archive or unarchive it');
  }
  if ((await isArchived(uow.db, channelId)) !== archived) {
    const now = new Date().toISOString();
    await writeDetails(uow.db, channelId, archived ? { archivedAt: now, archivedBy: caller.id } : { archivedAt: null });
    await appendAuditEvent(uow.db, { actor: caller.id, action: archived ? 'channel.archive' : 'channel.unarchive', target: `channel:${channelId}`, outcome: 'success' });
    await channelUpdated(uow, await presentChannelForEvent(uow.db, channel));
  }
  return presentChannelFor(uow.db, caller.id, channel);
}

/**
 * Hides a DM from the caller's channel list until a newer message arrives. Throws 404 (not a member
 * of it), 400 `not_a_dm` (channels are left, not hidden).
 */
export async function hideDm(uow: UnitOfWork, caller: Caller, channelId: string): Promise<void> {
  const { channel } = await channelFor(uow.db, caller, channelId, 'read');
  if (channel.kind !== 'dm') throw new AppError(400, 'not_a_dm', 'Only a DM can be hidden; leave a channel instead');
  const now = new Date().toISOString();
  await uow.db
    .insertInto('channel_hidden')
    .values({ user_id: caller.id, channel_id: channelId, hidden_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'channel_id']).doUpdateSet({ hidden_at: now }))
    .execute();
}
