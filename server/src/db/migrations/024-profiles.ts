/**
 * 024 (issue 12): staff profiles — display name, title, team, time zone, status (text + emoji) and
 * the avatar's object (encrypted like media files: a per-avatar key wrapped by the master key).
 * One row per person that has changed anything; absent = defaults. Text fields pass the same
 * personal-data guard as channel topics before they are stored.
 */
import type { Kysely } from 'kysely';
import { blobType } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_profiles')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('team', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('time_zone', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status_emoji', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('avatar_key', 'text')
    .addColumn('avatar_wrapped_key', blobType(db))
    .addColumn('avatar_kek_id', 'text')
    .addColumn('avatar_mime', 'text')
    .addColumn('avatar_updated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('user_profiles').ifExists().execute();
}
