import type { Kysely } from 'kysely';

/** Known values shared by several data subjects (issue 8): every subject of such a token. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('vault_token_subjects')
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('vault_token_subjects_pk', ['token', 'subject_id'])
    .execute();
  await db.schema.createIndex('vault_token_subjects_subject').on('vault_token_subjects').columns(['subject_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('vault_token_subjects').execute();
}
