import type { Kysely } from 'kysely';
import { blobType } from '../dialect.ts';

/** Vault (data keys, encrypted values, where tokens were shared) and privacy guard tables (policies, marks). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vault_data_keys')
    .addColumn('scope', 'text', (c) => c.primaryKey())
    .addColumn('wrapped', blobType(db))
    .addColumn('kek_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .execute();
  await db.schema.createIndex('vault_data_keys_kek').on('vault_data_keys').columns(['kek_id']).execute();
  await db.schema
    .createTable('vault_values')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('blind_index', 'text', (c) => c.notNull())
    .addColumn('ciphertext', blobType(db), (c) => c.notNull())
    .addColumn('iv', blobType(db), (c) => c.notNull())
    .addColumn('tag', blobType(db), (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('vault_values_scope_blind', ['scope', 'blind_index'])
    .execute();
  await db.schema
    .createTable('vault_token_channels')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_token_channels_pk', ['token', 'channel_id'])
    .execute();
  await db.schema.createIndex('vault_token_channels_channel').on('vault_token_channels').columns(['channel_id']).execute();
  await db.schema
    .createTable('privacy_policies')
    .addColumn('channel_class', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_policies_pk', ['channel_class', 'entity_type'])
    .execute();
  await db.schema
    .createTable('privacy_marks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('value_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_by', 'text')
    .execute();
  await db.schema.createIndex('privacy_marks_channel_hash').on('privacy_marks').columns(['channel_id', 'value_hash']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['privacy_marks', 'privacy_policies', 'vault_token_channels', 'vault_values', 'vault_data_keys']) {
    await db.schema.dropTable(t).execute();
  }
}
