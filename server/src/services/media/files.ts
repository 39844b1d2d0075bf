/**
 * `media_files` rows and their API shape; keeps `messages.files` in step with them and emits the
 * `message.updated` event of each status change.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { MediaFilesTable } from '../../db/schema/media.ts';
import { messageUpdated } from '../../events.ts';
import { presentMessage, type FileJson } from '../../presenters/message.ts';
import type { MessageEntity } from '../chat/guard.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { syncNotifications } from '../notifications/notify.ts';

export type FileRow = Selectable<MediaFilesTable>;

/** A file row as the API shows it (no hashes, keys or OCR text). */
export function presentFile(row: FileRow): FileJson {
  const nameEntities = JSON.parse(row.name_entities) as MessageEntity[];
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    size: row.size,
    status: row.status,
    ...(row.width !== null ? { width: row.width } : {}),
    ...(row.height !== null ? { height: row.height } : {}),
    ...(row.status === 'ready' ? { blurred: row.blurred === 1 } : {}),
    ...(row.status === 'ready' && row.blurred === 1 ? { blurReasons: blurReasonsOf(row) } : {}),
    ...(nameEntities.length > 0 ? { nameEntities } : {}),
  };
}

/** Why a blurred file is blurred (`blur_reasons`; rows from before faces were detected: `text`). */
export function blurReasonsOf(row: Pick<FileRow, 'blurred' | 'blur_reasons'>): Array<'text' | 'face'> {
  if (row.blurred !== 1) return [];
  if (row.blur_reasons === null) return ['text'];
  return (JSON.parse(row.blur_reasons) as string[]).filter((r): r is 'text' | 'face' => r === 'text' || r === 'face');
}

/** The file row, or undefined. */
export async function loadFile(db: Kysely<Database>, id: string): Promise<FileRow | undefined> {
  return db.selectFrom('media_files').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Rewrites the message's `files` JSON from its file rows and emits `message.updated` (not for a
 * deleted message, whose files are no longer shown), then brings its notifications in step.
 */
export async function syncMessageFiles(uow: UnitOfWork, messageId: string): Promise<void> {
  const rows = await uow.db.selectFrom('media_files').selectAll().where('message_id', '=', messageId).orderBy('id').execute();
  await uow.db
    .updateTable('messages')
    .set({ files: rows.length > 0 ? JSON.stringify(rows.map(presentFile)) : null })
    .where('id', '=', messageId)
    .execute();
  const msg = await uow.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  if (msg && msg.deleted_at === null) await messageUpdated(uow, presentMessage(msg));
  // A quarantined or blocked file withdraws the message's notifications.
  await syncNotifications(uow, messageId);
}

/** Updates a file row (and `updated_at`). */
export async function updateFile(db: Kysely<Database>, id: string, set: Partial<Omit<FileRow, 'id'>>): Promise<void> {
  await db
    .updateTable('media_files')
    .set({ ...set, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}
