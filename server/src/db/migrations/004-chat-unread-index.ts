/**
 * 004: covering index for unread counts (`channel_id, id, author_id, deleted_at`), so counting a
 * member's unread messages reads only the index, not the message rows.
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('messages_unread').on('messages').columns(['channel_id', 'id', 'author_id', 'deleted_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_unread').ifExists().execute();
}
