/**
 * A privacy officer's redaction of one message: `tokenize` moves every personal data finding of
 * its text and edit history into the vault (whatever the channel's policy or marks say), `remove`
 * deletes the message. Audited (`message.redact`) in the same transaction; the stream gets
 * `message.updated` or `message.deleted`.
 */
import { AppError } from '../../errors.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { removeMessage } from '../chat/messages.ts';
import { reprotectMessage, type ReprotectDeps } from './reprotect.ts';

/** How a message is redacted. */
export type RedactMode = 'tokenize' | 'remove';

/**
 * Redacts message `messageId` (the caller checks the privacy-officer role). Returns how many
 * values were tokenized (0 for `remove`). Throws `AppError(404, 'not_found')` for an unknown
 * message and `AppError(409, 'message_deleted')` for a deleted one.
 */
export async function redactMessage(
  uow: UnitOfWork,
  deps: ReprotectDeps,
  input: { actor: string; messageId: string; mode: RedactMode; reason: string },
): Promise<{ tokenized: number }> {
  const row = await uow.db.selectFrom('messages').selectAll().where('id', '=', input.messageId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such message');
  if (row.deleted_at !== null) throw new AppError(409, 'message_deleted', 'This message was deleted');
  let tokenized = 0;
  if (input.mode === 'remove') await removeMessage(uow, row);
  else tokenized = await reprotectMessage(uow, deps, row, async () => true);
  await appendAuditEvent(uow.db, {
    actor: input.actor,
    action: 'message.redact',
    target: `channel:${row.channel_id}`,
    outcome: 'success',
    details: { messageId: row.id, authorId: row.author_id, mode: input.mode, tokenized, reason: input.reason },
  });
  return { tokenized };
}
