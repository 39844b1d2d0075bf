/**
 * 001: chat foundation tables (see `schema/chat.ts`). Dialect-neutral Kysely builders, except
 * the auto-increment keys (`db/dialect.ts`) and the full-text index (`services/chat/search.ts`:
 * FTS5 on SQLite, `tsvector` + GIN on PostgreSQL).
 */
import type { Kysely } from 'kysely';
import { createSearchIndex, dropSearchIndex } from '../../services/chat/search.ts';
import { autoIncrementKey } from '../dialect.ts';

const ROLES: Array<[string, string]> = [
  ['admin', 'Accounts, channels, integrations; no raw personal data by role alone'],
  ['agent', 'Works assigned cases and talks in team channels'],
  ['privacy_officer', 'Policies, audit log, data-subject requests'],
  ['lead', 'Assigns cases, runs a queue, reviews agents'],
  ['specialist', 'Reviews quarantined media'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('roles' as never)
    .values(ROLES.map(([name, description]) => ({ name, description, created_at: now })) as never)
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().references('roles.name'))
    .addColumn('password_hash', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').columns(['user_id']).execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.unique())
    .addColumn('visibility', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('topic', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('dm_key', 'text', (c) => c.unique())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_message_at', 'text')
    .execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addColumn('last_read_message_id', 'text')
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('channel_members_user').on('channel_members').columns(['user_id', 'channel_id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('pk', 'integer', autoIncrementKey(db))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('channel_id', 'text', (c) => c.notNull().references('channels.id'))
    .addColumn('author_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('mentions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('thread_root_id', 'text')
    .addColumn('client_msg_id', 'text')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_reply_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text')
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema.createIndex('messages_channel_id').on('messages').columns(['channel_id', 'id']).execute();
  await db.schema.createIndex('messages_thread').on('messages').columns(['thread_root_id', 'id']).execute();
  await db.schema
    .createIndex('messages_client_msg')
    .on('messages')
    .columns(['author_id', 'channel_id', 'client_msg_id'])
    .unique()
    .execute();

  await db.schema
    .createTable('message_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('edited_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('message_versions_message').on('message_versions').columns(['message_id', 'id']).execute();

  await db.schema
    .createTable('message_mentions')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_mentions_pk', ['message_id', 'user_id'])
    .execute();
  await db.schema.createIndex('message_mentions_user').on('message_mentions').columns(['user_id', 'channel_id', 'message_id']).execute();

  await db.schema
    .createTable('events')
    .addColumn('seq', 'integer', autoIncrementKey(db))
    .addColumn('channel_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_channel').on('events').columns(['channel_id', 'seq']).execute();
  await db.schema.createIndex('events_user').on('events').columns(['user_id', 'seq']).execute();
  await db.schema.createIndex('events_message').on('events').columns(['message_id']).execute();

  await createSearchIndex(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['events', 'message_mentions', 'message_versions', 'messages', 'channel_members', 'channels', 'api_tokens', 'sessions', 'users', 'roles']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await dropSearchIndex(db);
}
