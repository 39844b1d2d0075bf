import type { Kysely } from 'kysely';
import { blobType } from '../dialect.ts';

/**
 * Media (issue 11): uploaded files, their processing jobs, and `messages.files` (the JSON list of a
 * message's attachments as the API shows it, kept in step with `media_files`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('files', 'text').execute();
  await db.schema
    .createTable('media_files')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('message_id', 'text')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_entities', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('blurred', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sha256', 'text')
    .addColumn('md5', 'text')
    .addColumn('pdq', 'text')
    .addColumn('pdq_quality', 'integer')
    .addColumn('wrapped_key', blobType(db), (c) => c.notNull())
    .addColumn('kek_id', 'text', (c) => c.notNull())
    .addColumn('original_key', 'text')
    .addColumn('served_key', 'text')
    .addColumn('clear_key', 'text')
    .addColumn('ocr_text', 'text')
    .addColumn('ocr_entities', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_files_message').on('media_files').column('message_id').execute();
  await db.schema.createIndex('media_files_status').on('media_files').columns(['status', 'created_at']).execute();
  await db.schema
    .createTable('media_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_id', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('run_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('media_jobs_due').on('media_jobs').columns(['done_at', 'run_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('media_jobs').execute();
  await db.schema.dropTable('media_files').execute();
  await db.schema.alterTable('messages').dropColumn('files').execute();
}
