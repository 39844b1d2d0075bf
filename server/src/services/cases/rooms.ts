/**
 * Case rooms: one private channel per case (`kind = 'case'`, class `case_room`), created by the
 * first assignment; its membership is exactly the case's assignees and watchers, set by
 * {@link syncRoomMembers} in the same unit as every assignment change (removal ends access at
 * once: API, search and stream all read `channel_members`). Tokens of the case's free text are
 * linked to the room, so members can reveal them by the channel rule.
 */
import type { Selectable } from 'kysely';
import type { ChannelsTable } from '../../db/schema/chat.ts';
import { withdrawForMember } from '../notifications/notify.ts';
import { channelCreated, memberAdded, memberRemoved } from '../../events.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { presentChannelForEvent } from '../chat/channel-figures.ts';

/** Creates the room of case `caseId` (number `number`) when it has none; returns its id. */
export async function ensureCaseRoom(uow: UnitOfWork, c: { id: string; number: number; room_channel_id: string | null; entities: string }, actor: string): Promise<string> {
  if (c.room_channel_id) return c.room_channel_id;
  const now = new Date().toISOString();
  const row: Selectable<ChannelsTable> = {
    id: newId(),
    name: `case-${c.number}`,
    name_key: null,
    visibility: 'private',
    kind: 'case',
    topic: `Case #${c.number}`,
    dm_key: null,
    created_by: actor,
    created_at: now,
    updated_at: now,
    last_message_at: null,
  };
  await uow.db.insertInto('channels').values(row).execute();
  await uow.db.updateTable('cases').set({ room_channel_id: row.id, updated_at: now }).where('id', '=', c.id).execute();
  const entities = JSON.parse(c.entities) as Array<{ token: string }>;
  for (const e of entities) {
    await uow.db.insertInto('vault_token_channels').values({ token: e.token, channel_id: row.id, message_id: null, created_at: now }).onConflict((oc) => oc.doNothing()).execute();
  }
  await channelCreated(uow, await presentChannelForEvent(uow.db, row), []);
  return row.id;
}

/** Makes the room's members exactly the case's assignees and watchers (adds and removes). */
export async function syncRoomMembers(uow: UnitOfWork, caseId: string, roomId: string): Promise<void> {
  const want = new Set((await uow.db.selectFrom('case_assignees').select('user_id').where('case_id', '=', caseId).execute()).map((r) => r.user_id));
  const have = new Set((await uow.db.selectFrom('channel_members').select('user_id').where('channel_id', '=', roomId).execute()).map((r) => r.user_id));
  const room = await uow.db.selectFrom('channels').selectAll().where('id', '=', roomId).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  for (const userId of have) {
    if (want.has(userId)) continue;
    await uow.db.deleteFrom('channel_members').where('channel_id', '=', roomId).where('user_id', '=', userId).execute();
    await withdrawForMember(uow, roomId, userId);
    await memberRemoved(uow, roomId, userId);
  }
  for (const userId of want) {
    if (have.has(userId)) continue;
    await uow.db.insertInto('channel_members').values({ channel_id: roomId, user_id: userId, joined_at: now, last_read_message_id: null }).execute();
    await memberAdded(uow, await presentChannelForEvent(uow.db, room), userId);
  }
}
