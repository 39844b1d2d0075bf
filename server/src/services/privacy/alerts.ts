/**
 * Alerts to privacy officers on the stream: a persisted, user-targeted event
 * `{ seq, type: "privacy.alert", alert, userId, at, … }` for each active privacy officer (replayable
 * with `since` like any other event). Carries who and what kind, never a value or token.
 */
import { frameOf, lockEventLog } from '../../events.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';

/** What {@link alertPrivacyOfficers} needs: the serialised write path (`AppContext.write`). */
export interface AlertDeps {
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

/**
 * Alert kinds. `reveal_rate_limit`: `userId` went over the reveal rate limit.
 * `role_requested`: `userId` was proposed for the privacy-officer role (`by` = who asked).
 * `role_granted`: `userId` now holds it (`by` = the approver).
 */
export type PrivacyAlertKind = 'reveal_rate_limit' | 'role_requested' | 'role_granted';

/**
 * Records one alert for every active privacy officer inside `uow` (delivered after commit; from a
 * process without the hub, e.g. the CLI, it is replayed on the officers' next `since`). `extra`
 * holds ids only. Returns how many officers were alerted.
 */
export async function recordPrivacyAlert(uow: UnitOfWork, alert: PrivacyAlertKind, userId: string, extra: Record<string, string> = {}): Promise<number> {
  const officers = await uow.db.selectFrom('users').select('id').where('role', '=', 'privacy_officer').where('active', '=', 1).execute();
  const at = new Date().toISOString();
  for (const o of officers) {
    const payload = JSON.stringify({ type: 'privacy.alert', alert, userId, ...extra, at });
    await lockEventLog(uow.db);
    const row = await uow.db
      .insertInto('events')
      .values({ channel_id: null, user_id: o.id, message_id: null, type: 'privacy.alert', payload, created_at: at })
      .returning('seq')
      .executeTakeFirstOrThrow();
    uow.events.push({ kind: 'stream', seq: row.seq, channelId: null, userId: o.id, frame: frameOf(row.seq, payload) });
  }
  return officers.length;
}

/** Records and (after commit) delivers one alert to every active privacy officer in its own unit of work. Returns how many were sent. */
export async function alertPrivacyOfficers(ctx: AlertDeps, alert: PrivacyAlertKind, userId: string): Promise<number> {
  return ctx.write((uow) => recordPrivacyAlert(uow, alert, userId));
}
