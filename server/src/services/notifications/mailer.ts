/**
 * Notification e-mails: batches in `notification_email_batches` (one open batch per person,
 * opened by the first mention or DM; sent `batchMs` after it opened), so a restart neither loses
 * nor repeats them (the batch and its notifications are marked in one transaction after the SMTP
 * server accepted the mail; the Message-ID is the batch id, should a crash fall between the two).
 * At send time only notifications still deserved go out: unread, the channel not read past
 * them, the person still a member, still away or offline, no file of the message still being
 * processed (those wait for a later batch). A failed send (SMTP 4xx/5xx, network) is logged with
 * a code only — never the address or the server's answer, which may quote it — and retried with
 * backoff (`retryBaseMs · 2^(attempt−1)`, at most 1 h); after `maxAttempts` the batch is dropped.
 * Sending runs in the background on timers: it never holds the writer or a request.
 */
import type { Kysely } from 'kysely';
import { createTransport, type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema/index.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';
import { newId } from '../../ids.ts';
import { composeEmail, type EmailItem } from './email-text.ts';
import { getNotificationPrivacy } from './workspace.ts';

/** What the mailer needs. */
export interface MailerOptions {
  db: Kysely<Database>;
  write<T>(fn: (uow: UnitOfWork) => Promise<T>): Promise<T>;
  logger: Logger;
  /** Whether the person is active now (then the in-app list is enough: no e-mail). */
  isActive(userId: string): boolean;
  publicUrl: string;
  /** `smtp://` or `smtps://` URL (env `ENCLAVE_SMTP_URL`). */
  smtpUrl: string;
  /** Sender address (env `ENCLAVE_EMAIL_FROM`). */
  from: string;
  /** Batch window, ms (env `ENCLAVE_EMAIL_BATCH_SECONDS`). */
  batchMs: number;
  retryBaseMs: number;
  maxAttempts: number;
  /** How often due batches are looked for, ms. */
  pollMs: number;
}

/** Notifications older than this are not e-mailed any more (e.g. queued while SMTP was off). */
const MAX_AGE_MS = 24 * 3_600_000;

/** Short, address-free code of a send failure. */
export function failureCode(err: unknown): { code: string; responseCode?: number } {
  const e = err as { responseCode?: unknown; code?: unknown };
  if (typeof e.responseCode === 'number') return { code: e.responseCode >= 500 ? 'smtp_5xx' : 'smtp_4xx', responseCode: e.responseCode };
  return { code: typeof e.code === 'string' && /^[A-Z_]{1,32}$/.test(e.code) ? e.code : 'network' };
}

/** The background sender of notification e-mails (see the module comment). */
export class NotificationMailer {
  readonly #o: MailerOptions;
  readonly #transport: Transporter;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(o: MailerOptions) {
    this.#o = o;
    this.#transport = createTransport({ url: o.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, logger: false, debug: false });
  }

  /** Starts polling for due batches. */
  start(): void {
    this.#timer = setInterval(() => void this.runDue(), this.#o.pollMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for a send in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
    this.#transport.close();
  }

  /** Sends every due batch once (one run at a time; a call during a run waits for it). */
  runDue(): Promise<void> {
    this.#running ??= this.#drain().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #drain(): Promise<void> {
    const now = Date.now();
    const due = await this.#o.db
      .selectFrom('notification_email_batches')
      .selectAll()
      .where('done_at', 'is', null)
      .where('due_at', '<=', new Date(now).toISOString())
      .where('created_at', '<=', new Date(now - this.#o.batchMs).toISOString())
      .orderBy('due_at')
      .limit(20)
      .execute();
    for (const b of due) {
      try {
        await this.#send(b.id, b.user_id, b.attempts);
      } catch (err) {
        this.#o.logger.error({ batch: b.id, error: failureCode(err).code }, 'notification e-mail batch failed');
      }
    }
  }

  async #close(batchId: string, outcome: string, skip: { userId: string; ids: string[] } | null, sent: string[] = []): Promise<void> {
    await this.#o.write(async (uow) => {
      const now = new Date().toISOString();
      await uow.db.updateTable('notification_email_batches').set({ done_at: now, outcome }).where('id', '=', batchId).execute();
      if (sent.length > 0) await uow.db.updateTable('notifications').set({ email_state: 'sent' }).where('id', 'in', sent).execute();
      if (skip && skip.ids.length > 0) await uow.db.updateTable('notifications').set({ email_state: outcome === 'failed' ? 'failed' : 'skipped' }).where('id', 'in', skip.ids).execute();
    });
  }

  async #send(batchId: string, userId: string, attempts: number): Promise<void> {
    const db = this.#o.db;
    const user = await db.selectFrom('users').select(['email', 'active']).where('id', '=', userId).executeTakeFirst();
    const pending = await db
      .selectFrom('notifications as n')
      .innerJoin('messages as m', 'm.id', 'n.message_id')
      .innerJoin('channels as c', 'c.id', 'n.channel_id')
      .leftJoin('channel_members as cm', (j) => j.onRef('cm.channel_id', '=', 'n.channel_id').onRef('cm.user_id', '=', 'n.user_id'))
      .leftJoin('users as a', 'a.id', 'n.author_id')
      .select(['n.id', 'n.kind', 'n.channel_id', 'n.message_id', 'n.body', 'n.read_at', 'n.created_at', 'm.files', 'm.deleted_at', 'c.name', 'c.kind as channelKind', 'cm.user_id as member', 'cm.last_read_message_id as lastRead', 'a.name as authorName'])
      .where('n.user_id', '=', userId)
      .where('n.email_state', '=', 'pending')
      .orderBy('n.id')
      .execute();
    if (!user || user.active !== 1 || this.#o.isActive(userId)) {
      await this.#close(batchId, 'active', { userId, ids: pending.map((p) => p.id) });
      return;
    }
    const oldest = new Date(Date.now() - MAX_AGE_MS).toISOString();
    const items: Array<EmailItem & { id: string }> = [];
    const skipped: string[] = [];
    let waiting = false;
    for (const p of pending) {
      const processing = p.files !== null && (JSON.parse(p.files) as Array<{ status?: string }>).some((f) => f.status === 'processing');
      if (processing && p.deleted_at === null) {
        waiting = true;
        continue;
      }
      const seen = p.read_at !== null || (p.lastRead !== null && p.lastRead >= p.message_id);
      if (p.member === null || seen || p.deleted_at !== null || p.created_at < oldest) skipped.push(p.id);
      else items.push({ id: p.id, kind: p.kind, channelId: p.channel_id, channelName: p.channelKind === 'dm' ? null : p.name, authorName: p.authorName ?? 'Someone', messageId: p.message_id, body: p.body });
    }
    if (items.length === 0) {
      await this.#close(batchId, 'empty', { userId, ids: skipped });
      if (waiting) await this.#reopen(userId);
      return;
    }
    const { emailIncludesText } = await getNotificationPrivacy(db);
    const mail = composeEmail(items, { publicUrl: this.#o.publicUrl, includeText: emailIncludesText });
    try {
      await this.#transport.sendMail({ from: this.#o.from, to: user.email, subject: mail.subject, text: mail.text, messageId: `<${batchId}@enclave.invalid>` });
    } catch (err) {
      await this.#failed(batchId, attempts + 1, err, { userId, ids: items.map((i) => i.id) });
      return;
    }
    await this.#close(batchId, 'sent', { userId, ids: skipped }, items.map((i) => i.id));
    if (waiting) await this.#reopen(userId);
  }

  async #failed(batchId: string, attempts: number, err: unknown, items: { userId: string; ids: string[] }): Promise<void> {
    const f = failureCode(err);
    // Never the address, nor err.message (an SMTP answer may quote the address).
    this.#o.logger.warn({ batch: batchId, attempts, error: f.code, ...(f.responseCode ? { responseCode: f.responseCode } : {}) }, 'notification e-mail not accepted');
    if (attempts >= this.#o.maxAttempts) {
      await this.#close(batchId, 'failed', items);
      return;
    }
    const delay = Math.min(3_600_000, this.#o.retryBaseMs * 2 ** (attempts - 1));
    await this.#o.write(async (uow) => {
      await uow.db
        .updateTable('notification_email_batches')
        .set({ attempts, last_error: f.code, due_at: new Date(Date.now() + delay).toISOString() })
        .where('id', '=', batchId)
        .execute();
    });
  }

  /** A new batch for notifications that had to wait (a file still being processed). */
  async #reopen(userId: string): Promise<void> {
    await this.#o.write(async (uow) => {
      const now = new Date().toISOString();
      const open = await uow.db.selectFrom('notification_email_batches').select('id').where('user_id', '=', userId).where('done_at', 'is', null).executeTakeFirst();
      if (!open) await uow.db.insertInto('notification_email_batches').values({ id: newId(), user_id: userId, due_at: now, attempts: 0, last_error: null, done_at: null, outcome: null, created_at: now }).execute();
    });
  }
}
