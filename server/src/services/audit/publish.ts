/**
 * Every signed checkpoint also goes to every active privacy officer's stream, as the event
 * `{ "type": "audit.checkpoint", "checkpoint": { seq, hash, at, signature, publicKey } }` (stored
 * in `events` with the officer's `user_id`, so it replays with `?since=` like any other event).
 * Officers' browsers thus hold copies a database-only attacker cannot recall.
 */
import type { DomainEvent } from '../../events.ts';
import { frameOf, lockEventLog } from '../../events.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import type { AuditCheckpoint } from './checkpoints.ts';

/** Stream event type of a checkpoint. */
export const AUDIT_CHECKPOINT_EVENT = 'audit.checkpoint';

/**
 * Records the checkpoint event for every active privacy officer in one write unit (`write` is the
 * context's `write`), delivered after commit. Resolves to the number of officers it went to.
 * Rejects on database errors.
 */
export function publishCheckpointToOfficers(
  write: <T>(fn: (uow: UnitOfWork) => Promise<T>) => Promise<T>,
  cp: AuditCheckpoint,
): Promise<number> {
  return write(async (uow) => {
    const officers = await uow.db.selectFrom('users').select('id').where('role', '=', 'privacy_officer').where('active', '=', 1).execute();
    const payload = JSON.stringify({ type: AUDIT_CHECKPOINT_EVENT, checkpoint: cp });
    const createdAt = new Date().toISOString();
    for (const o of officers) {
      await lockEventLog(uow.db);
      const row = await uow.db
        .insertInto('events')
        .values({ channel_id: null, user_id: o.id, message_id: null, type: AUDIT_CHECKPOINT_EVENT, payload, created_at: createdAt })
        .returning('seq')
        .executeTakeFirstOrThrow();
      const e: DomainEvent = { kind: 'stream', seq: row.seq, channelId: null, userId: o.id, frame: frameOf(row.seq, payload) };
      uow.events.push(e);
    }
    return officers.length;
  });
}
