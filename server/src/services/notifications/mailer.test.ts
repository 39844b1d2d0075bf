/**
 * Notification e-mails through a real SMTP server in-process (issue 12): batched (one mail per
 * person per window), no message text by default (no value, no token id, no words), text with
 * labels only when the privacy officer allows it (audited), nothing for someone active, a left
 * channel or a deleted message, and SMTP 5xx retried with backoff, the address never logged.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../logger.ts';
import { call, connect, makeChannel, makeUser, post, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';

vi.setConfig({ testTimeout: 60_000 });

/** The batch window of this file's server (a slow machine must still post three messages within it). */
const WINDOW_MS = 5000;
/** Long enough for a due batch to have gone. */
const settle = () => new Promise((r) => setTimeout(r, WINDOW_MS + 1000));

let srv: TestServer;
let smtp: TestSmtp;
let ada: TestUser;
let po: TestUser;
const logs: string[] = [];

/** The mail's text with quoted-printable soft breaks and escapes undone. */
function decoded(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const mailsTo = (u: TestUser) => smtp.mails.filter((m) => m.to.includes(u.email));

beforeAll(async () => {
  smtp = await startSmtp();
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs.push(chunk.toString('utf8'));
      done();
    },
  });
  srv = await startServer({ logger: createLogger('info', sink), notifications: { smtpUrl: smtp.url, batchMs: WINDOW_MS, retryBaseMs: 100, pollMs: 100, maxAttempts: 5 } });
  ada = await makeUser(srv, { name: 'Ada Mail' });
  po = await makeUser(srv, { role: 'privacy_officer' });
});
afterAll(async () => {
  await srv.close();
  await smtp.close();
});

describe('notification e-mails', () => {
  it('two mentions and a DM while offline: ONE e-mail, naming who and where, with links, and no message text at all', async () => {
    const bob = await makeUser(srv, { name: 'Bob Mail' });
    const ch = await makeChannel(srv, ada, { name: 'mail-team', members: [bob] });
    const m1 = await post(srv, ada, ch.id, '@Bob Mail write to jane.roe@example.com about zebrafish');
    const m2 = await post(srv, ada, ch.id, '@Bob Mail and the card 4111 1111 1111 1111 too');
    const dm = (await call<{ id: string }>(srv, ada.token, 'POST', '/api/v1/dms', { userIds: [bob.id] })).body;
    await post(srv, ada, dm.id, 'quick question about 192.0.2.44');
    await expect.poll(() => mailsTo(bob).length, { timeout: 20_000 }).toBe(1);
    const text = decoded(mailsTo(bob)[0]?.raw ?? '');
    expect(text).toContain('You were mentioned in #mail-team by Ada Mail (2 new)');
    expect(text).toContain('New direct message from Ada Mail (1 new)');
    expect(text).toContain(`/c/${ch.id}/m/${m2.id}`);
    const tokens = (await call<{ message: { entities: Array<{ token: string }> } }>(srv, ada.token, 'GET', `/api/v1/messages/${m1.id}`)).body.message.entities.map((e) => e.token);
    expect(tokens.length).toBeGreaterThan(0);
    for (const leak of ['jane.roe', 'example.com>', '4111', '192.0.2.44', 'zebrafish', 'quick question', 'e-mail address', 'card number', ...tokens]) expect(text, leak).not.toContain(leak);
    // The window is over and nothing new came: still one.
    await settle();
    expect(mailsTo(bob)).toHaveLength(1);
  });

  it('nothing for a person who is active, for a message deleted or a channel left before the batch went', async () => {
    const cy = await makeUser(srv, { name: 'Cy Mail' });
    const live = await connect(srv, cy.token);
    const ch = await makeChannel(srv, ada, { members: [cy] });
    await post(srv, ada, ch.id, '@Cy Mail while you are here');
    await settle();
    expect(mailsTo(cy)).toHaveLength(0);
    // Away (app reported idle): e-mailed.
    expect((await call(srv, cy.token, 'PUT', '/api/v1/presence', { status: 'away' })).status).toBe(204);
    await post(srv, ada, ch.id, '@Cy Mail now you are away');
    await expect.poll(() => mailsTo(cy).length, { timeout: 20_000 }).toBe(1);
    live.close();

    const dee = await makeUser(srv, { name: 'Dee Mail' });
    const gone = await makeChannel(srv, ada, { members: [dee] });
    const del = await makeChannel(srv, ada, { members: [dee] });
    await post(srv, ada, gone.id, '@Dee Mail one');
    const m = await post(srv, ada, del.id, '@Dee Mail two');
    expect((await call(srv, dee.token, 'DELETE', `/api/v1/channels/${gone.id}/members/${dee.id}`)).status).toBe(204);
    expect((await call(srv, ada.token, 'DELETE', `/api/v1/messages/${m.id}`)).status).toBe(204);
    await settle();
    expect(mailsTo(dee)).toHaveLength(0);
  });

  it("the privacy officer's setting lets text in, as labels only; the change is audited, an agent's attempt is denied and audited", async () => {
    expect((await call(srv, ada.token, 'PUT', '/api/v1/privacy/notification-settings', { emailIncludesText: true })).status).toBe(403);
    const on = await call<{ emailIncludesText: boolean }>(srv, po.token, 'PUT', '/api/v1/privacy/notification-settings', { emailIncludesText: true });
    expect(on.body.emailIncludesText).toBe(true);
    const audit = await srv.ctx.db.selectFrom('audit_events').selectAll().where('action', '=', 'privacy.notification_settings').orderBy('seq').execute();
    expect(audit.map((a) => [a.actor, a.outcome])).toEqual([
      [ada.id, 'denied'],
      [po.id, 'success'],
    ]);
    const eve = await makeUser(srv, { name: 'Eve Mail' });
    const ch = await makeChannel(srv, ada, { members: [eve] });
    await post(srv, ada, ch.id, '@Eve Mail write to jane.roe@example.com about zebrafish');
    await expect.poll(() => mailsTo(eve).length, { timeout: 20_000 }).toBe(1);
    const text = decoded(mailsTo(eve)[0]?.raw ?? '');
    expect(text).toContain('> @Eve Mail write to an e-mail address about zebrafish');
    expect(text).not.toContain('jane.roe');
    await call(srv, po.token, 'PUT', '/api/v1/privacy/notification-settings', { emailIncludesText: false });
  });

  it('SMTP 5xx: retried with backoff until accepted; the address is never logged; the server keeps answering', async () => {
    const fay = await makeUser(srv, { name: 'Fay Mail' });
    const ch = await makeChannel(srv, ada, { members: [fay] });
    smtp.rejectNext(2, 550, fay.email);
    await post(srv, ada, ch.id, '@Fay Mail bounce me');
    const t0 = Date.now();
    expect((await call(srv, ada.token, 'GET', '/api/v1/me')).status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(2000);
    await expect.poll(() => mailsTo(fay).length, { timeout: 25_000 }).toBe(1);
    expect(smtp.attempts.get(fay.email)).toBe(3);
    // The batch is marked after the SMTP server accepted the mail: wait for that commit.
    const batch = () => srv.ctx.db.selectFrom('notification_email_batches').selectAll().where('user_id', '=', fay.id).executeTakeFirstOrThrow();
    await expect.poll(async () => (await batch()).outcome).toBe('sent');
    expect(await batch()).toMatchObject({ attempts: 2, last_error: 'smtp_5xx', outcome: 'sent' });
    const all = logs.join('');
    expect(all).toContain('notification e-mail not accepted');
    expect(all).toContain('"responseCode":550');
    for (const u of [fay, ada, po]) expect(all).not.toContain(u.email);
    expect(all.toLowerCase()).not.toContain('@example.com');
  });

  it('a batch that keeps failing is given up after maxAttempts (no endless retries)', async () => {
    const gil = await makeUser(srv, { name: 'Gil Mail' });
    const ch = await makeChannel(srv, ada, { members: [gil] });
    smtp.rejectNext(5, 554, gil.email);
    await post(srv, ada, ch.id, '@Gil Mail never arrives');
    await expect
      .poll(async () => (await srv.ctx.db.selectFrom('notification_email_batches').select('outcome').where('user_id', '=', gil.id).executeTakeFirst())?.outcome, { timeout: 25_000 })
      .toBe('failed');
    expect(mailsTo(gil)).toHaveLength(0);
    const n = await srv.ctx.db.selectFrom('notifications').select('email_state').where('user_id', '=', gil.id).execute();
    expect(n.map((r) => r.email_state)).toEqual(['failed']);
  });
});
