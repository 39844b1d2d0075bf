import type { Kysely } from 'kysely';
import { makeAppendOnly } from '../dialect.ts';

/**
 * Audit log tables. `audit_events` and `audit_checkpoints` are append-only: triggers abort every
 * UPDATE and DELETE (SQLite triggers, PostgreSQL trigger functions: `makeAppendOnly`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('justification', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_actor_at').on('audit_events').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_events_action_at').on('audit_events').columns(['action', 'at']).execute();
  await db.schema.createIndex('audit_events_target').on('audit_events').columns(['target']).execute();
  await db.schema
    .createTable('audit_checkpoints')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .execute();
  for (const table of ['audit_events', 'audit_checkpoints']) await makeAppendOnly(db, table);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('audit_checkpoints').execute();
  await db.schema.dropTable('audit_events').execute();
}
