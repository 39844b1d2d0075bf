/**
 * A file message later quarantined (hash-list match, found by the processing job after the post)
 * withdraws its notifications and is never e-mailed (issue 12).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { listMatcher } from '../media/matcher.ts';
import { call, connect, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { plainPng, settled, upload } from '../../test/images.ts';
import { startSmtp, type TestSmtp } from '../../test/smtp.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let srv: TestServer;
let smtp: TestSmtp;
let ada: TestUser;
let bob: TestUser;
let listed: Buffer;

beforeAll(async () => {
  listed = await plainPng(80, 40, { r: 12, g: 200, b: 90 });
  smtp = await startSmtp();
  const matcher = listMatcher('test-list', [{ signalType: 'md5', signal: createHash('md5').update(listed).digest('hex') }]);
  srv = await startServer({
    media: { matcher, ocr: null, settings: { uploadsPerWindow: 1000 } },
    notifications: { smtpUrl: smtp.url, batchMs: 500, retryBaseMs: 100, pollMs: 100 },
  });
  ada = await makeUser(srv, { name: 'Ada Quar' });
  bob = await makeUser(srv, { name: 'Bob Quar' });
});
afterAll(async () => {
  await srv.close();
  await smtp.close();
});

describe('quarantine withdraws notifications', () => {
  it('the mention in a file message is withdrawn once the file is quarantined; no e-mail goes out', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const live = await connect(srv, bob.token);
    const r = await upload(srv, ada, ch.id, listed, 'photo.png', { type: 'image/png', text: '@Bob Quar look at this' });
    expect(r.status).toBe(201);
    const messageId = r.body.message?.id as string;
    const file = await settled(srv, ada, messageId);
    expect(file.status).toBe('quarantined');
    const list = (await call<{ notifications: Array<{ messageId: string }> }>(srv, bob.token, 'GET', '/api/v1/notifications')).body.notifications;
    expect(list.filter((n) => n.messageId === messageId)).toEqual([]);
    await live.until((f) => f.some((x) => x.type === 'notification.withdrawn' && x.messageId === messageId));
    live.close();
    await new Promise((res) => setTimeout(res, 1500));
    expect(smtp.mails.filter((m) => m.to.includes(bob.email))).toEqual([]);
  });

  it('the same upload without a match keeps its notification (the withdrawal above is the quarantine)', async () => {
    const ch = await makeChannel(srv, ada, { members: [bob] });
    const r = await upload(srv, ada, ch.id, await plainPng(80, 40, { r: 200, g: 10, b: 10 }), 'other.png', { type: 'image/png', text: '@Bob Quar and this one' });
    const messageId = r.body.message?.id as string;
    expect((await settled(srv, ada, messageId)).status).toBe('ready');
    const list = (await call<{ notifications: Array<{ messageId: string; body: string }> }>(srv, bob.token, 'GET', '/api/v1/notifications')).body.notifications;
    expect(list.filter((n) => n.messageId === messageId).map((n) => n.body)).toEqual(['@Bob Quar and this one']);
  });
});
