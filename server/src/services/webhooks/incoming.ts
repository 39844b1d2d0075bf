/**
 * Slack-compatible incoming webhooks: an admin creates one for a channel and gets a URL
 * `/hooks/<secret>` (the secret: 32 random bytes, base64url; only its SHA-256 is stored). A POST
 * of Slack's `{ "text": … }` to it posts the text as the webhook's own (deactivated, sign-in-less)
 * account through the same message path as a person — the privacy guard included, so a text the
 * channel would block is refused with 422 and never stored.
 */
import { analyze, analyzeAsShown, type KnownSubjectIndex } from '@enclave/pii';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { hashSecret, randomSecret } from '../auth/secrets.ts';
import type { MessageGuard } from '../chat/guard.ts';
import { createMessage } from '../chat/messages.ts';
import type { MessageJson } from '../../presenters/message.ts';

/** A webhook as listed (never its secret). */
export interface WebhookJson {
  id: string;
  name: string;
  channelId: string;
  createdAt: string;
  enabled: boolean;
}

/** A created webhook: `url` holds the secret and is shown only once. */
export interface CreatedWebhook extends WebhookJson {
  url: string;
}

/**
 * Creates a webhook posting to `channelId` as a new deactivated account named `name`, made a
 * member of the channel; audited `webhook.create`. Throws `404 not_found` (no such channel, a DM
 * or a case room), `400 invalid_request` (empty name), `422 personal_data_blocked` (personal data in the name). Run in a transaction.
 */
export async function createWebhook(db: Kysely<Database>, a: { channelId: string; name: string; actor: string; knownSubjects?: KnownSubjectIndex }): Promise<CreatedWebhook> {
  const name = a.name.trim();
  if (!name || name.length > 80) throw new AppError(400, 'invalid_request', 'name must be 1–80 characters');
  assertNameClean(name, a.knownSubjects);
  const channel = await db.selectFrom('channels').select(['id', 'kind']).where('id', '=', a.channelId).executeTakeFirst();
  // A case room's members are exactly its case's assignees and watchers: no webhook account joins one.
  if (!channel || channel.kind === 'dm' || channel.kind === 'case') throw new AppError(404, 'not_found', 'No such channel');
  const id = newId();
  const userId = newId();
  const now = new Date().toISOString();
  await db
    .insertInto('users')
    .values({ id: userId, email: `webhook-${id.toLowerCase()}@hooks.invalid`, name, role: 'agent', password_hash: null, active: 0, failed_logins: 0, locked_until: null, created_at: now, updated_at: now, must_change_password: 0 })
    .execute();
  await db.insertInto('channel_members').values({ channel_id: a.channelId, user_id: userId, joined_at: now, last_read_message_id: null }).execute();
  const secret = randomSecret();
  await db.insertInto('incoming_webhooks').values({ id, secret_hash: hashSecret(secret), name, channel_id: a.channelId, user_id: userId, created_by: a.actor, created_at: now, disabled_at: null }).execute();
  await appendAuditEvent(db, { actor: a.actor, action: 'webhook.create', target: `webhook:${id}`, outcome: 'success', details: { channelId: a.channelId, userId } });
  return { id, name, channelId: a.channelId, createdAt: now, enabled: true, url: `/hooks/${secret}` };
}

/**
 * The name is the author name of every message the webhook posts (members, notifications,
 * e-mails): any finding but `PERSON` (as for display names) refuses it with `422
 * personal_data_blocked` (types and positions only, never the value).
 */
function assertNameClean(name: string, knownSubjects: KnownSubjectIndex | undefined): void {
  const findings = analyzeAsShown(name, (t) => analyze(t, knownSubjects ? { knownSubjects } : {})).filter((f) => f.entityType !== 'PERSON');
  if (findings.length === 0) return;
  const types = [...new Set(findings.map((f) => f.entityType))].join(', ');
  throw new AppError(422, 'personal_data_blocked', `The webhook name contains personal data (${types}); it is shown as the author of every message the webhook posts.`, {
    hint: 'Name the webhook after the tool that posts, not after a person’s contact details.',
    field: 'name',
    findings: findings.map((f) => ({ entityType: f.entityType, start: f.start, end: f.end })),
  });
}

/** Lists webhooks, oldest first. */
export async function listWebhooks(db: Kysely<Database>): Promise<WebhookJson[]> {
  const rows = await db.selectFrom('incoming_webhooks').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, channelId: r.channel_id, createdAt: r.created_at, enabled: r.disabled_at === null }));
}

/** Disables a webhook (its URL then answers 404); audited `webhook.disable`. Throws `404 not_found`. */
export async function disableWebhook(db: Kysely<Database>, a: { id: string; actor: string }): Promise<void> {
  const r = await db.updateTable('incoming_webhooks').set({ disabled_at: new Date().toISOString() }).where('id', '=', a.id).where('disabled_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError(404, 'not_found', 'No such webhook');
  await appendAuditEvent(db, { actor: a.actor, action: 'webhook.disable', target: `webhook:${a.id}`, outcome: 'success' });
}

/** The enabled webhook a URL secret belongs to, or `undefined`. */
export async function webhookBySecret(db: Kysely<Database>, secret: string): Promise<{ id: string; channelId: string; userId: string } | undefined> {
  if (secret.length < 32 || secret.length > 100) return undefined;
  const r = await db.selectFrom('incoming_webhooks').select(['id', 'channel_id', 'user_id']).where('secret_hash', '=', hashSecret(secret)).where('disabled_at', 'is', null).executeTakeFirst();
  return r ? { id: r.id, channelId: r.channel_id, userId: r.user_id } : undefined;
}

/** Slack's payload: `text` is required; other Slack fields (username, icon_emoji, blocks…) are accepted and ignored. */
export function webhookText(body: unknown): string {
  const text = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as { text?: unknown }).text : undefined;
  if (typeof text !== 'string' || !text.trim()) throw new AppError(400, 'invalid_payload', 'The payload needs a non-empty "text" string');
  return text;
}

/** Posts through a webhook (see the module comment). Errors as `createMessage` (422 when blocked). */
export async function postViaWebhook(uow: UnitOfWork, guard: MessageGuard, hook: { channelId: string; userId: string }, text: string): Promise<MessageJson> {
  const { message } = await createMessage(uow, { guard }, { id: hook.userId, role: 'agent' }, { channelId: hook.channelId, text });
  return message;
}
