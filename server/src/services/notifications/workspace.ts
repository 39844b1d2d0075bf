/**
 * The privacy officer's notification setting: whether notification e-mails may carry the message
 * text (with protected items as words, never values). Off by default: e-mails then say only who
 * wrote where, and link to the app. A change is an audit event in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { appendAuditEvent } from '../audit/index.ts';

const KEY = 'notifications.email_text';

/** The workspace's notification privacy setting as the API shows it. */
export interface NotificationPrivacyJson {
  /** E-mails may include the message text with placeholders as words (default false). */
  emailIncludesText: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** Reads the setting (defaults when never set). */
export async function getNotificationPrivacy(db: Kysely<Database>): Promise<NotificationPrivacyJson> {
  const row = await db.selectFrom('workspace_settings').selectAll().where('key', '=', KEY).executeTakeFirst();
  return row ? { emailIncludesText: row.value === 'true', updatedBy: row.updated_by, updatedAt: row.updated_at } : { emailIncludesText: false, updatedBy: null, updatedAt: null };
}

/**
 * Sets it (the caller checked the privacy-officer role) and appends the audit event
 * `privacy.notification_settings` with the state before and after, in `db`'s transaction.
 */
export async function setNotificationPrivacy(db: Kysely<Database>, actorId: string, emailIncludesText: boolean): Promise<NotificationPrivacyJson> {
  const before = await getNotificationPrivacy(db);
  const now = new Date().toISOString();
  const value = emailIncludesText ? 'true' : 'false';
  await db
    .insertInto('workspace_settings')
    .values({ key: KEY, value, updated_by: actorId, updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_by: actorId, updated_at: now }))
    .execute();
  await appendAuditEvent(db, {
    actor: actorId,
    action: 'privacy.notification_settings',
    target: 'workspace:notifications',
    outcome: 'success',
    details: { before: { emailIncludesText: before.emailIncludesText }, after: { emailIncludesText } },
  });
  return { emailIncludesText, updatedBy: actorId, updatedAt: now };
}
