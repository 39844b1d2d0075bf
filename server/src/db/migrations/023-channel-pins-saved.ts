/**
 * 023 (issue 12, "Channels" and "Messages"): pinned messages per channel, saved items per person,
 * channel details (description, archive state) and DMs hidden by a person. Rows hold ids and
 * times only, plus the description, which passes the same personal-data guard as the topic.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_details')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('archived_at', 'text')
    .addColumn('archived_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('message_pins')
    .addColumn('message_id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('pinned_by', 'text', (c) => c.notNull())
    .addColumn('pinned_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_pins_channel').on('message_pins').columns(['channel_id', 'pinned_at']).execute();
  await db.schema
    .createTable('saved_items')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('saved_items_pk', ['user_id', 'message_id'])
    .execute();
  await db.schema.createIndex('saved_items_message').on('saved_items').column('message_id').execute();
  await db.schema
    .createTable('channel_hidden')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('hidden_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_hidden_pk', ['user_id', 'channel_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['channel_hidden', 'saved_items', 'message_pins', 'channel_details']) await db.schema.dropTable(t).ifExists().execute();
}
