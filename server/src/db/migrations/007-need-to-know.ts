/**
 * 007 (issue 7, items 3–5): need-to-know bookkeeping.
 * - `message_tokens`: which live, current message carries which vault token (kept in step on
 *   create, edit and delete by `services/privacy/message-tokens.ts`); a reveal needs one.
 * - `channel_owners` and `channel_settings`: owners of a channel beyond its creator, and whether
 *   only owners may add members.
 * - `role_requests`: privacy-officer role grants waiting for a second approver.
 * - `reveal_reviews`: flagged reveals waiting for a different privacy officer's sign-off.
 * Backfills `message_tokens` from the messages stored so far.
 */
import { sql, type Kysely } from 'kysely';
import { dialectOf } from '../dialect.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('message_tokens')
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_tokens_pk', ['message_id', 'token'])
    .execute();
  await db.schema.createIndex('message_tokens_token').on('message_tokens').columns(['token', 'channel_id']).execute();
  await db.schema
    .createTable('channel_owners')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_owners_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('channel_settings')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('add_members', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('role_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('role_requests_status').on('role_requests').columns(['status', 'user_id']).execute();
  await db.schema
    .createTable('reveal_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('audit_seq', 'integer', (c) => c.notNull())
    .addColumn('revealer_id', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('reviewed_by', 'text')
    .addColumn('reviewed_at', 'text')
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('reveal_reviews_pending').on('reveal_reviews').columns(['reviewed_at', 'created_at']).execute();
  // Backfill: every token in the entities of a live message (JSON functions differ by dialect).
  if (dialectOf(db) === 'postgres') {
    await sql`
      INSERT INTO message_tokens (message_id, token, channel_id, created_at)
      SELECT m.id, e.value ->> 'token', m.channel_id, coalesce(m.edited_at, m.created_at)
      FROM messages m, jsonb_array_elements(m.entities::jsonb) e
      WHERE m.deleted_at IS NULL AND e.value ->> 'token' IS NOT NULL
      ON CONFLICT DO NOTHING`.execute(db);
    return;
  }
  await sql`
    INSERT OR IGNORE INTO message_tokens (message_id, token, channel_id, created_at)
    SELECT m.id, json_extract(e.value, '$.token'), m.channel_id, coalesce(m.edited_at, m.created_at)
    FROM messages m, json_each(m.entities) e
    WHERE m.deleted_at IS NULL AND json_extract(e.value, '$.token') IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['reveal_reviews', 'role_requests', 'channel_settings', 'channel_owners', 'message_tokens']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
