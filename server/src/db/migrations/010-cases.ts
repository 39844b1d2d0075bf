import type { Kysely } from 'kysely';
import { blobType } from '../dialect.ts';

/**
 * Cases domain (issue 8): integrations (intake webhooks), data subjects (fields in the vault,
 * blind-index lookups), cases, queues and routing rules, case assignees.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('integrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('integration_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('wrapped', blobType(db), (c) => c.notNull())
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .execute();
  await db.schema.createIndex('integration_secrets_integration').on('integration_secrets').columns(['integration_id']).execute();
  await db.schema
    .createTable('queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('sla_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('queue_members')
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_members_pk', ['queue_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('routing_rules')
    .addColumn('category', 'text', (c) => c.primaryKey())
    .addColumn('queue_id', 'text', (c) => c.notNull())
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('subjects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('erased_at', 'text')
    .addColumn('legal_hold_at', 'text')
    .addUniqueConstraint('subjects_account', ['integration_id', 'account_key'])
    .execute();
  await db.schema
    .createTable('subject_fields')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('masked', 'text', (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('subject_fields_pk', ['subject_id', 'field', 'position'])
    .execute();
  await db.schema
    .createTable('subject_lookup')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subject_lookup_pk', ['hash', 'subject_id'])
    .execute();
  await db.schema.createIndex('subject_lookup_subject').on('subject_lookup').columns(['subject_id']).execute();
  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'integer', (c) => c.notNull().unique())
    .addColumn('integration_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('queue_id', 'text')
    .addColumn('room_channel_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('entities', 'text', (c) => c.notNull())
    .addColumn('media', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text')
    .addColumn('merged_into', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('legal_hold_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cases_report', ['integration_id', 'report_id'])
    .execute();
  await db.schema.createIndex('cases_status').on('cases').columns(['status', 'id']).execute();
  await db.schema
    .createTable('case_subjects')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_subjects_pk', ['case_id', 'subject_id', 'role'])
    .execute();
  await db.schema.createIndex('case_subjects_subject').on('case_subjects').columns(['subject_id']).execute();
  await db.schema
    .createTable('case_assignees')
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_assignees_pk', ['case_id', 'user_id'])
    .execute();
  await db.schema.createIndex('case_assignees_user').on('case_assignees').columns(['user_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ['case_assignees', 'case_subjects', 'cases', 'subject_lookup', 'subject_fields', 'subjects', 'routing_rules', 'queue_members', 'queues', 'integration_secrets', 'integrations']) {
    await db.schema.dropTable(t).execute();
  }
}
