/**
 * The specialist queue: quarantined files (matched a hash list), reviewed blurred and greyscale by
 * default; a per-image unblur lasts `unblurMs` and is audited; a decision (confirmed / false
 * match) is audited; the report package for the hotline is audited, the image only when asked.
 * Only the `specialist` role may use any of it (others: 403, audited as denied by the routes).
 */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent } from '../audit/index.ts';
import type { MediaDeps } from './deps.ts';
import { newObjectKey } from './object-store.ts';
import { openObject, unwrapFileKey } from './file-crypto.ts';
import { loadFile, syncMessageFiles, type FileRow } from './files.ts';
import { renderForReview } from './image.ts';
import { enqueueJob } from './queue.ts';
import { MIN_JUSTIFICATION } from './serve.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** One queue item (no image). */
export interface QuarantineItem {
  fileId: string;
  channelId: string;
  messageId: string | null;
  uploaderId: string;
  mime: string;
  createdAt: string;
  hashes: { sha256: string | null; md5: string | null; pdq: string | null };
  matches: unknown[];
  decision: 'confirmed' | 'false_match' | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** Throws 403 `forbidden` unless the caller is a specialist. */
export function requireSpecialist(caller: Caller): void {
  if (caller.role !== 'specialist') throw new AppError(403, 'forbidden', 'Specialists only');
}

function item(f: FileRow, q: Selectable<import('../../db/schema/media.ts').MediaQuarantineTable>): QuarantineItem {
  return {
    fileId: f.id,
    channelId: f.channel_id,
    messageId: f.message_id,
    uploaderId: f.uploader_id,
    mime: f.mime,
    createdAt: q.created_at,
    hashes: { sha256: f.sha256, md5: f.md5, pdq: f.pdq },
    matches: JSON.parse(q.matches) as unknown[],
    decision: q.decision as QuarantineItem['decision'],
    decidedBy: q.decided_by,
    decidedAt: q.decided_at,
  };
}

async function loadItem(deps: MediaDeps, fileId: string): Promise<{ file: FileRow; item: QuarantineItem }> {
  const q = await deps.db.selectFrom('media_quarantine').selectAll().where('file_id', '=', fileId).executeTakeFirst();
  const file = q ? await loadFile(deps.db, fileId) : undefined;
  if (!q || !file) throw new AppError(404, 'not_found', 'No such quarantined file');
  return { file, item: item(file, q) };
}

/** The queue, newest first; `pending` only undecided ones. */
export async function listQuarantine(deps: MediaDeps, caller: Caller, opts: { pending?: boolean } = {}): Promise<QuarantineItem[]> {
  requireSpecialist(caller);
  let q = deps.db.selectFrom('media_quarantine').innerJoin('media_files', 'media_files.id', 'media_quarantine.file_id').selectAll('media_quarantine').select('media_files.id as fid');
  if (opts.pending) q = q.where('media_quarantine.decision', 'is', null);
  const rows = await q.orderBy('media_quarantine.created_at', 'desc').limit(500).execute();
  const out: QuarantineItem[] = [];
  for (const r of rows) {
    const f = await loadFile(deps.db, r.fid);
    if (f) out.push(item(f, r));
  }
  return out;
}

async function original(deps: MediaDeps, file: FileRow): Promise<Buffer> {
  if (!file.original_key) throw new AppError(410, 'original_gone', 'The original is no longer kept');
  const key = await unwrapFileKey(deps.keys, file.id, { wrapped: file.wrapped_key, kekId: file.kek_id });
  return openObject(key, file.id, 'original', await deps.store.get(file.original_key));
}

/** When the caller's unblur of `fileId` ends, or null when none is active. */
async function unblurredUntil(deps: MediaDeps, caller: Caller, fileId: string): Promise<string | null> {
  const g = await deps.db.selectFrom('media_unblur_grants').select('expires_at').where('file_id', '=', fileId).where('user_id', '=', caller.id).executeTakeFirst();
  return g && g.expires_at > new Date().toISOString() ? g.expires_at : null;
}

/**
 * The review image (JPEG, at most 1024 px): greyscale and blurred unless the caller's unblur is
 * active. Each view is audited (`quarantine.view`, with `clear`).
 */
export async function reviewImage(deps: MediaDeps, caller: Caller, fileId: string): Promise<{ data: Buffer; clear: boolean }> {
  requireSpecialist(caller);
  const { file } = await loadItem(deps, fileId);
  const clear = (await unblurredUntil(deps, caller, fileId)) !== null;
  const data = await renderForReview(await original(deps, file), deps.settings.maxPixels, { clear });
  await appendAuditEvent(deps.db, { actor: caller.id, action: 'quarantine.view', target: `file:${fileId}`, outcome: 'success', details: { clear } });
  return { data, clear };
}

/** Grants the caller an unblur of one image for `unblurMs`; audited with the justification. Returns when it ends. */
export async function unblur(deps: MediaDeps, caller: Caller, fileId: string, justification: string): Promise<{ expiresAt: string }> {
  requireSpecialist(caller);
  await loadItem(deps, fileId);
  const j = justification.trim();
  if (j.length < MIN_JUSTIFICATION) throw new AppError(400, 'invalid_justification', `A justification of at least ${MIN_JUSTIFICATION} characters is required`);
  const expiresAt = new Date(Date.now() + deps.settings.unblurMs).toISOString();
  await deps.write(async (uow) => {
    await uow.db
      .insertInto('media_unblur_grants')
      .values({ file_id: fileId, user_id: caller.id, expires_at: expiresAt })
      .onConflict((oc) => oc.columns(['file_id', 'user_id']).doUpdateSet({ expires_at: expiresAt }))
      .execute();
    await appendAuditEvent(uow.db, { actor: caller.id, action: 'quarantine.unblur', target: `file:${fileId}`, justification: j, outcome: 'success', details: { expiresAt } });
  });
  return { expiresAt };
}

/**
 * Records the decision (audited `quarantine.decide`). A false match releases the file: it is
 * processed again without matching and delivered like any upload (wake the job runner).
 */
export async function decide(deps: MediaDeps, caller: Caller, fileId: string, decision: 'confirmed' | 'false_match'): Promise<QuarantineItem> {
  requireSpecialist(caller);
  const { file, item: before } = await loadItem(deps, fileId);
  if (before.decision !== null) throw new AppError(409, 'already_decided', 'This file was already decided');
  const now = new Date().toISOString();
  await deps.write(async (uow) => {
    await uow.db.updateTable('media_quarantine').set({ decision, decided_by: caller.id, decided_at: now }).where('file_id', '=', fileId).execute();
    await appendAuditEvent(uow.db, { actor: caller.id, action: 'quarantine.decide', target: `file:${fileId}`, outcome: 'success', details: { before: null, after: decision } });
    if (decision === 'false_match' && file.original_key) {
      await uow.db.updateTable('media_files').set({ status: 'processing', updated_at: now }).where('id', '=', fileId).execute();
      await enqueueJob(uow, fileId);
      if (file.message_id) await syncMessageFiles(uow, file.message_id);
    }
  });
  return (await loadItem(deps, fileId)).item;
}

/**
 * The report package for the national hotline: hashes, times, uploader, channel, case (when the
 * channel is a case room) and the match; the image (base64 JPEG of the original, oriented) only
 * with `includeImage`. Audited (`quarantine.export`, with `includeImage`).
 */
export async function reportPackage(deps: MediaDeps, caller: Caller, fileId: string, opts: { includeImage: boolean }): Promise<Record<string, unknown>> {
  requireSpecialist(caller);
  const { file, item: it } = await loadItem(deps, fileId);
  const kase = await deps.db.selectFrom('cases').select(['id', 'number']).where('room_channel_id', '=', file.channel_id).executeTakeFirst();
  const pkg: Record<string, unknown> = {
    format: 'enclave-hotline-report/1',
    reportId: newObjectKey(),
    generatedAt: new Date().toISOString(),
    file: { id: file.id, mime: file.mime, uploadedAt: file.created_at, hashes: it.hashes, pdqQuality: file.pdq_quality },
    uploader: { accountId: file.uploader_id },
    channel: { id: file.channel_id },
    case: kase ? { id: kase.id, number: kase.number } : null,
    matches: it.matches,
    review: { decision: it.decision, decidedBy: it.decidedBy, decidedAt: it.decidedAt },
  };
  if (opts.includeImage) pkg.image = { mime: 'image/jpeg', base64: (await renderForReview(await original(deps, file), deps.settings.maxPixels, { clear: true })).toString('base64') };
  await appendAuditEvent(deps.db, { actor: caller.id, action: 'quarantine.export', target: `file:${fileId}`, outcome: 'success', details: { includeImage: opts.includeImage } });
  return pkg;
}
