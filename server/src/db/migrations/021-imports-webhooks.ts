import type { Kysely } from 'kysely';

/**
 * Issue 13: resumable chat-history imports (one `import_items` row per Slack message, keyed by
 * export + channel + day file + ts; reactions and file references kept there since chat has no
 * reactions table), the mapping of Slack users and conversations, import runs, and Slack-compatible
 * incoming webhooks (only the SHA-256 of the secret id is stored).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('import_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('export_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('counts', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createTable('import_users')
    .addColumn('export_id', 'text', (c) => c.notNull())
    .addColumn('slack_user_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_users_pk', ['export_id', 'slack_user_id'])
    .execute();
  await db.schema
    .createTable('import_channels')
    .addColumn('export_id', 'text', (c) => c.notNull())
    .addColumn('slack_channel_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addPrimaryKeyConstraint('import_channels_pk', ['export_id', 'slack_channel_id'])
    .execute();
  await db.schema
    .createTable('import_items')
    .addColumn('export_id', 'text', (c) => c.notNull())
    .addColumn('slack_channel_id', 'text', (c) => c.notNull())
    .addColumn('day_file', 'text', (c) => c.notNull())
    .addColumn('ts', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reactions', 'text')
    .addColumn('files', 'text')
    .addPrimaryKeyConstraint('import_items_pk', ['export_id', 'slack_channel_id', 'day_file', 'ts'])
    .execute();
  await db.schema.createIndex('import_items_by_ts').on('import_items').columns(['export_id', 'slack_channel_id', 'ts']).execute();
  await db.schema
    .createTable('incoming_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['incoming_webhooks', 'import_items', 'import_channels', 'import_users', 'import_runs']) await db.schema.dropTable(t).execute();
}
