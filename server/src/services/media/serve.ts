/**
 * Reading files: the served copy to those who may read its message, and the clear copy of a
 * blurred file after a justified, audited reveal.
 */
import type { Selectable } from 'kysely';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { isMember } from '../../policies/index.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { subjectRevealCase } from '../cases/need-to-know.ts';
import type { MessageEntity } from '../chat/guard.ts';
import type { MediaDeps } from './deps.ts';
import { openObject, unwrapFileKey } from './file-crypto.ts';
import { blurReasonsOf, loadFile, type FileRow } from './files.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Bytes to send and how to name them. */
export interface ServedFile {
  data: Buffer;
  mime: string;
  name: string;
}

/** Shortest accepted justification (as for token reveals). */
export const MIN_JUSTIFICATION = 12;

const notFound = (): AppError => new AppError(404, 'not_found', 'No such file');

/** The file if the caller may read its message (a member of its channel, message not deleted); else 404. */
async function readable(deps: MediaDeps, caller: Caller, fileId: string): Promise<FileRow> {
  const file = await loadFile(deps.db, fileId);
  if (!file || !file.message_id) throw notFound();
  if (!(await isMember(deps.db, file.channel_id, caller.id))) throw notFound();
  const msg = await deps.db.selectFrom('messages').select('deleted_at').where('id', '=', file.message_id).executeTakeFirst();
  if (!msg || msg.deleted_at !== null) throw notFound();
  return file;
}

async function decrypt(deps: MediaDeps, file: FileRow, objectKey: string, role: string): Promise<Buffer> {
  const key = await unwrapFileKey(deps.keys, file.id, { wrapped: file.wrapped_key, kekId: file.kek_id });
  return openObject(key, file.id, role, await deps.store.get(objectKey));
}

/**
 * The role the served copy is sealed under: `blurred` when the file is blurred and has a clear copy
 * behind a reveal; `served` otherwise (also for faces blurred outside a case room, where that copy
 * is the only one there is: see `pipeline.ts`).
 */
function servedRole(file: FileRow): string {
  return file.blurred === 1 && file.clear_key !== null ? 'blurred' : 'served';
}

/**
 * The served copy (blurred when `blurred`). Throws 404 (unknown, or the caller may not read the
 * message), 409 `file_processing`, 451 `file_quarantined`, 410 `file_blocked`.
 */
export async function readServedFile(deps: MediaDeps, caller: Caller, fileId: string): Promise<ServedFile> {
  const file = await readable(deps, caller, fileId);
  if (file.status === 'processing') throw new AppError(409, 'file_processing', 'The file is still being processed');
  if (file.status === 'quarantined') throw new AppError(451, 'file_quarantined', 'This file was removed for review');
  if (file.status === 'blocked' || !file.served_key) throw new AppError(410, 'file_blocked', 'This file could not be shared', { reason: file.reason });
  const data = await decrypt(deps, file, file.served_key, servedRole(file));
  return { data, mime: file.mime, name: file.name };
}

/**
 * Why the caller may not see the clear copy, or null: in a broad channel nobody may (values there
 * are tokenized without reveal); a known data subject's value in the image needs an assignee of an
 * open case about that subject (as for token reveals).
 */
async function revealRefusal(deps: MediaDeps, caller: Caller, file: FileRow): Promise<string | null> {
  if ((await deps.channelClassOf(deps.db, file.channel_id)) === 'broad') return 'broad_channel';
  const entities = JSON.parse(file.ocr_entities ?? '[]') as MessageEntity[];
  for (const e of entities) {
    const v = await deps.db.selectFrom('vault_values').select('scope').where('token', '=', e.token).executeTakeFirst();
    if (v?.scope.startsWith('subject:') && !(await subjectRevealCase(deps.db, v.scope, caller.id, caller.role))) return 'not_assigned';
  }
  return null;
}

/**
 * The clear copy of a blurred file, for a channel member with a justification (at least 12
 * characters, else 400 `invalid_justification`) and need-to-know (else 403 `reveal_denied`: a
 * broad channel, a known subject's value without an assignment to their case, or faces outside a
 * case room, which are never revealed there). Appends a
 * `media.reveal` audit event (success, or denied in its own transaction); 404 as
 * {@link readServedFile}; 409 `not_blurred` when there is nothing to reveal.
 */
export async function revealClearFile(deps: MediaDeps, caller: Caller, fileId: string, justification: string): Promise<ServedFile> {
  const file = await readable(deps, caller, fileId);
  const j = justification.trim();
  if (j.length < MIN_JUSTIFICATION) {
    await appendAuditEvent(deps.db, { actor: caller.id, action: 'media.reveal', target: `file:${file.id}`, outcome: 'denied', details: { reason: 'invalid_justification', channelId: file.channel_id } });
    throw new AppError(400, 'invalid_justification', `A justification of at least ${MIN_JUSTIFICATION} characters is required`);
  }
  if (file.status === 'ready' && file.blurred === 1 && !file.clear_key && blurReasonsOf(file).includes('face')) {
    await appendAuditEvent(deps.db, { actor: caller.id, action: 'media.reveal', target: `file:${file.id}`, justification: j, outcome: 'denied', details: { reason: 'faces_outside_case_room', channelId: file.channel_id } });
    throw new AppError(403, 'reveal_denied', 'Faces are shown only in case rooms');
  }
  if (file.status !== 'ready' || file.blurred !== 1 || !file.clear_key) throw new AppError(409, 'not_blurred', 'This file has no blurred content to reveal');
  const refused = await revealRefusal(deps, caller, file);
  if (refused) {
    await appendAuditEvent(deps.db, { actor: caller.id, action: 'media.reveal', target: `file:${file.id}`, justification: j, outcome: 'denied', details: { reason: refused, channelId: file.channel_id } });
    throw new AppError(403, 'reveal_denied', refused === 'broad_channel' ? 'Images in broad channels cannot be revealed' : 'Only assignees of the case about this person may reveal this image');
  }
  const data = await decrypt(deps, file, file.clear_key, 'served');
  await appendAuditEvent(deps.db, { actor: caller.id, action: 'media.reveal', target: `file:${file.id}`, justification: j, outcome: 'success', details: { channelId: file.channel_id, messageId: file.message_id } });
  return { data, mime: file.mime, name: file.name };
}
