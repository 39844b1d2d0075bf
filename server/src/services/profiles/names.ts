/**
 * Names for ids (issue 12, "words, not codes"): screens that show audit events or other lists of
 * ids (the privacy officer's audit table) turn user and channel ids into names with one call.
 * People's names are shown to every signed-in staff member (as in the directory). A channel's name
 * is given when the caller may know it exists: public channels, channels the caller belongs to,
 * and — for privacy officers and admins, whose audit and admin screens name every channel — any
 * channel. Unknown or hidden ids are simply absent from the answer (no probing).
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';

/** Most ids of each kind in one lookup. */
export const MAX_NAME_IDS = 200;

/** A person's names. */
export interface PersonName {
  name: string;
  /** '' when the person set none. */
  displayName: string;
}

/** A channel's name and kind (`channel` or `dm`; a DM's name lists its members). */
export interface ChannelName {
  name: string;
  kind: string;
  visibility: string;
}

/** Answer of {@link resolveNames}: only the ids that resolved. */
export interface NamesJson {
  users: Record<string, PersonName>;
  channels: Record<string, ChannelName>;
}

/** Roles that may learn any channel's name. */
const SEE_ALL_CHANNELS = new Set(['privacy_officer', 'admin']);

/** Resolves `userIds` and `channelIds` (each at most {@link MAX_NAME_IDS}, deduplicated by the caller or not) for `caller`. */
export async function resolveNames(
  db: Kysely<Database>,
  caller: Pick<Selectable<UsersTable>, 'id' | 'role'>,
  ids: { userIds: readonly string[]; channelIds: readonly string[] },
): Promise<NamesJson> {
  const out: NamesJson = { users: {}, channels: {} };
  const userIds = [...new Set(ids.userIds)];
  const channelIds = [...new Set(ids.channelIds)];
  if (userIds.length > 0) {
    const rows = await db
      .selectFrom('users')
      .leftJoin('user_profiles', 'user_profiles.user_id', 'users.id')
      .select(['users.id as id', 'users.name as name', 'user_profiles.display_name as displayName'])
      .where('users.id', 'in', userIds)
      .execute();
    for (const r of rows) out.users[r.id] = { name: r.name, displayName: r.displayName ?? '' };
  }
  if (channelIds.length > 0) {
    let q = db.selectFrom('channels').select(['id', 'name', 'kind', 'visibility']).where('id', 'in', channelIds);
    if (!SEE_ALL_CHANNELS.has(caller.role)) {
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('visibility', '=', 'public'), eb('kind', '=', 'channel')]),
          eb.exists(eb.selectFrom('channel_members').select('user_id').whereRef('channel_members.channel_id', '=', 'channels.id').where('channel_members.user_id', '=', caller.id)),
        ]),
      );
    }
    for (const r of await q.execute()) out.channels[r.id] = { name: r.name, kind: r.kind, visibility: r.visibility };
  }
  return out;
}
