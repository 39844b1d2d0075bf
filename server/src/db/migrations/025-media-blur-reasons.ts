/**
 * 025 (issue 11, faces): why a file's served copy is blurred — JSON `["text" | "face", …]`. Rows
 * from before have null (they could only be blurred for text).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_files').addColumn('blur_reasons', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('media_files').dropColumn('blur_reasons').execute();
}
