/**
 * Channel details beyond the `channels` row (migration 023): the description and the archive
 * state. An archived channel is read-only: {@link assertWritable} guards every write path
 * (posting, uploads, webhooks, edits, reactions, pins, new members).
 */
import type { Kysely, Updateable } from 'kysely';
import type { ChannelDetailsTable } from '../../db/schema/channel-extras.ts';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { param, prepareQuery } from '../../db/prepared.ts';

/** Longest channel description, in UTF-16 code units. */
export const MAX_DESCRIPTION_LENGTH = 1000;

/** The details of one channel. */
export interface ChannelDetails {
  description: string;
  /** ISO-8601 time the channel was archived, null when it is not. */
  archivedAt: string | null;
}

const NONE: ChannelDetails = { description: '', archivedAt: null };

const archivedQuery = prepareQuery<{ channelId: string }, { archived_at: string | null }>((db) =>
  db.selectFrom('channel_details').select('archived_at').where('channel_id', '=', param('channelId')),
);

/** Details of the given channels; channels without a row get the empty description and are not archived. */
export async function detailsOf(db: Kysely<Database>, channelIds: readonly string[]): Promise<Map<string, ChannelDetails>> {
  const out = new Map<string, ChannelDetails>();
  if (channelIds.length === 0) return out;
  const rows = await db.selectFrom('channel_details').select(['channel_id', 'description', 'archived_at']).where('channel_id', 'in', channelIds).execute();
  for (const id of channelIds) out.set(id, NONE);
  for (const r of rows) out.set(r.channel_id, { description: r.description, archivedAt: r.archived_at });
  return out;
}

/** Whether the channel is archived now. */
export async function isArchived(db: Kysely<Database>, channelId: string): Promise<boolean> {
  const row = await archivedQuery.takeFirst(db, { channelId });
  return row !== undefined && row.archived_at !== null;
}

/** The 409 `channel_archived` a write to an archived channel answers. */
export function archivedError(): AppError {
  return new AppError(409, 'channel_archived', 'This channel is archived: it is read-only until an owner or admin unarchives it');
}

/** Throws 409 `channel_archived` when the channel is archived (read-only). */
export async function assertWritable(db: Kysely<Database>, channelId: string): Promise<void> {
  if (await isArchived(db, channelId)) throw archivedError();
}

/** Writes the details row of a channel (insert or update); fields not given keep their value. */
export async function writeDetails(db: Kysely<Database>, channelId: string, set: { description?: string; archivedAt?: string | null; archivedBy?: string | null }): Promise<void> {
  const now = new Date().toISOString();
  const update: Updateable<ChannelDetailsTable> = { updated_at: now };
  if (set.description !== undefined) update.description = set.description;
  if (set.archivedAt !== undefined) {
    update.archived_at = set.archivedAt;
    update.archived_by = set.archivedBy ?? null;
  }
  await db
    .insertInto('channel_details')
    .values({ channel_id: channelId, description: set.description ?? '', archived_at: set.archivedAt ?? null, archived_by: set.archivedBy ?? null, updated_at: now })
    .onConflict((oc) => oc.column('channel_id').doUpdateSet(update))
    .execute();
}
