/**
 * 022 (issue 12): notifications. Per-person defaults and per-channel settings, the notifications
 * themselves (their `body` is rendered from the stored tokenized text with entity labels: never a
 * value or a token id), e-mail batches (one unsent batch per person; a restart resumes them) and
 * workspace settings (the privacy officer's "e-mails may carry message text" switch).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notification_defaults')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('email', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('channel_notification_settings')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('level', 'text')
    .addColumn('muted', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_notification_settings_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .addColumn('email_state', 'text', (c) => c.notNull())
    .addColumn('event_seq', 'integer')
    .execute();
  await db.schema.createIndex('notifications_user_message').on('notifications').columns(['user_id', 'message_id']).unique().execute();
  await db.schema.createIndex('notifications_message').on('notifications').column('message_id').execute();
  await db.schema.createIndex('notifications_user_email').on('notifications').columns(['user_id', 'email_state']).execute();
  await db.schema
    .createTable('notification_email_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('notification_email_batches_due').on('notification_email_batches').columns(['done_at', 'due_at']).execute();
  await db.schema.createIndex('notification_email_batches_user').on('notification_email_batches').columns(['user_id', 'done_at']).execute();
  await db.schema
    .createTable('workspace_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['workspace_settings', 'notification_email_batches', 'notifications', 'channel_notification_settings', 'notification_defaults']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
