/**
 * Who may leave (or be removed from) a channel beyond the policy check (issue 12, "leave"):
 * DMs are hidden, not left; a case room's members follow the case's assignment; the last owner
 * of a channel with other members names another owner first.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { ChannelsTable, UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { isChannelOwner } from './channel-access.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/**
 * Throws when `userId` may not leave `channel` now: 400 `dm_members_fixed` (a DM: hide it instead),
 * 409 `case_room_assigned` (assigned to or watching the room's case: unassign first), 409
 * `last_owner` (the caller leaving as the only owner while others remain).
 */
export async function leaveRules(db: Kysely<Database>, caller: Caller, channel: Selectable<ChannelsTable>, userId: string): Promise<void> {
  if (channel.kind === 'dm') throw new AppError(400, 'dm_members_fixed', 'Members of a DM cannot change; hide the conversation instead');
  if (channel.kind === 'case') {
    const assigned = await db
      .selectFrom('case_assignees as a')
      .innerJoin('cases as c', 'c.id', 'a.case_id')
      .select('a.user_id')
      .where('c.room_channel_id', '=', channel.id)
      .where('a.user_id', '=', userId)
      .executeTakeFirst();
    if (assigned) throw new AppError(409, 'case_room_assigned', "A case room's members follow the case: unassign from the case to leave its room");
    return;
  }
  if (userId !== caller.id || !(await isChannelOwner(db, channel, userId))) return;
  const others = await db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channel.id).where('user_id', '!=', userId).execute();
  if (others.length === 0) return;
  for (const o of others) if (await isChannelOwner(db, channel, o.user_id)) return;
  throw new AppError(409, 'last_owner', 'You are the last owner of this channel: make another member an owner before leaving');
}
