/**
 * Deleting a message deletes its files' bytes: the served and clear copies (and an original still
 * waiting for processing) of files whose message is deleted are removed from the object store and
 * the file rows forget them. A quarantined original stays (it belongs to the specialists' case).
 */
import type { MediaDeps } from './deps.ts';

/** Removes the bytes of files of deleted messages; returns how many files were purged. */
export async function sweepDeletedFiles(deps: MediaDeps): Promise<number> {
  const rows = await deps.db
    .selectFrom('media_files')
    .innerJoin('messages', 'messages.id', 'media_files.message_id')
    .select(['media_files.id', 'media_files.status', 'media_files.original_key', 'media_files.served_key', 'media_files.clear_key'])
    .where('messages.deleted_at', 'is not', null)
    .where((eb) => eb.or([eb('media_files.served_key', 'is not', null), eb('media_files.clear_key', 'is not', null), eb.and([eb('media_files.original_key', 'is not', null), eb('media_files.status', '!=', 'quarantined')])]))
    .limit(500)
    .execute();
  for (const r of rows) {
    const keepOriginal = r.status === 'quarantined';
    await deps.write(async (uow) => {
      await uow.db
        .updateTable('media_files')
        .set({ served_key: null, clear_key: null, ocr_text: null, ...(keepOriginal ? {} : { original_key: null, status: r.status === 'processing' ? 'blocked' : r.status, reason: 'message_deleted' }), updated_at: new Date().toISOString() })
        .where('id', '=', r.id)
        .execute();
    });
    for (const k of [r.served_key, r.clear_key, keepOriginal ? null : r.original_key]) if (k) await deps.store.delete(k);
  }
  return rows.length;
}
