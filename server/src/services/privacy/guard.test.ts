import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '@enclave/pii';
import { AppError } from '../../errors.ts';
import { openTestDb, type TestDb } from '../audit/testing.ts';
import { scanDatabase } from '../../security/helpers.ts';
import { LocalKms, Vault } from '../vault/index.ts';
import { PrivacyGuard, decideMark, listMarks, markNotPersonalData, revokeMark, setPolicy, type ChannelClass } from './index.ts';

let t: TestDb;
let vault: Vault;
const classes: Record<string, ChannelClass> = { team1: 'team', team2: 'team', case1: 'case_room', pub1: 'broad' };
const channelClassOf = async (_db: unknown, id: string): Promise<ChannelClass> => classes[id] ?? 'broad';
let guard: PrivacyGuard;

beforeEach(async () => {
  t = await openTestDb();
  vault = new Vault({ kms: LocalKms.generate() });
  guard = new PrivacyGuard({ vault, channelClassOf, auditDb: t.db });
});
afterEach(async () => {
  await guard.settled();
  await t.cleanup();
});

const EMAIL = 'jane.doe@example.com';
const IP = '192.0.2.44';
const TEXT = `user ${EMAIL} from ${IP} on the 🚀 queue`;

async function auditRows(action?: string): Promise<{ action: string; actor: string; target: string; outcome: string; details: string | null }[]> {
  const rows = (await t.raw.all('SELECT action, actor, target, outcome, details FROM audit_events ORDER BY seq')) as {
    action: string; actor: string; target: string; outcome: string; details: string | null;
  }[];
  return action ? rows.filter((r) => r.action === action) : rows;
}

describe('privacy guard', () => {
  it('tokenizes in a team channel with placeholders and entity spans in the new text', async () => {
    const out = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: TEXT });
    expect(out.text).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on the 🚀 queue');
    expect(out.entities.map((e) => [e.entityType, out.text.slice(e.start, e.end)])).toEqual([
      ['EMAIL_ADDRESS', '[EMAIL_ADDRESS]'],
      ['IP_ADDRESS', '[IP_ADDRESS]'],
    ]);
    expect((await vault.reveal(t.db, out.entities[0]?.token ?? '')).value).toBe(EMAIL);
    expect((await vault.reveal(t.db, out.entities[1]?.token ?? '')).value).toBe(IP);
    const shared = (await t.raw.all('SELECT channel_id FROM vault_token_channels WHERE token = ?', [out.entities[0]?.token]));
    expect(shared).toEqual([{ channel_id: 'team1' }]);
    const ev = await auditRows('tokenize');
    expect(ev).toHaveLength(1);
    expect(JSON.parse(ev[0]?.details ?? '{}')).toEqual({ channelClass: 'team', counts: { EMAIL_ADDRESS: 1, IP_ADDRESS: 1 } });
    expect(JSON.stringify(await auditRows())).not.toContain(EMAIL);
  });

  it('passes text without findings unchanged and writes no event', async () => {
    expect(await guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text: 'the queue is long today' })).toEqual({
      text: 'the queue is long today',
      entities: [],
    });
    expect(await auditRows()).toHaveLength(0);
  });

  it('blocks in a broad channel: 422 with types and positions, no values, block audited separately', async () => {
    const err = await t.db
      .transaction()
      .execute((trx) => guard.protect(trx, { channelId: 'pub1', authorId: 'u1', text: TEXT }))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    expect([e.status, e.code]).toEqual([422, 'personal_data_blocked']);
    expect(e.extra?.findings).toEqual([
      { entityType: 'EMAIL_ADDRESS', start: TEXT.indexOf(EMAIL), end: TEXT.indexOf(EMAIL) + EMAIL.length },
      { entityType: 'IP_ADDRESS', start: TEXT.indexOf(IP), end: TEXT.indexOf(IP) + IP.length },
    ]);
    expect(e.extra?.hint).toMatch(/private channel/);
    expect(e.extra?.hint).not.toMatch(/case room/);
    expect(e.extra?.action).toBe('create_private_channel');
    const wire = JSON.stringify({ message: e.message, ...e.extra });
    expect(wire).not.toContain(EMAIL);
    expect(wire).not.toContain(IP);
    await guard.settled();
    const ev = await auditRows('block');
    expect(ev).toHaveLength(1);
    expect(ev[0]).toMatchObject({ actor: 'u1', target: 'channel:pub1', outcome: 'denied' });
    expect(JSON.parse(ev[0]?.details ?? '{}')).toEqual({ channelClass: 'broad', counts: { EMAIL_ADDRESS: 1, IP_ADDRESS: 1 } });
    expect((await t.raw.get('SELECT count(*) AS n FROM vault_values'))).toEqual({ n: 0 });
  });

  it('follows privacy-officer overrides (allow, block) and audits each change', async () => {
    await setPolicy(t.db, 'po1', 'team', 'EMAIL_ADDRESS', 'allow');
    const out = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: TEXT });
    expect(out.text).toBe('user jane.doe@example.com from [IP_ADDRESS] on the 🚀 queue');
    expect(out.entities.map((e) => e.entityType)).toEqual(['IP_ADDRESS']);
    await setPolicy(t.db, 'po1', 'case_room', 'IP_ADDRESS', 'block');
    await expect(guard.protect(t.db, { channelId: 'case1', authorId: 'u1', text: TEXT })).rejects.toMatchObject({ code: 'personal_data_blocked' });
    const changes = (await auditRows('policy.change')).map((r) => JSON.parse(r.details ?? '{}'));
    expect(changes).toEqual([
      { after: 'allow', before: 'tokenize', channelClass: 'team', entityType: 'EMAIL_ADDRESS' },
      { after: 'block', before: 'tokenize', channelClass: 'case_room', entityType: 'IP_ADDRESS' },
    ]);
  });

  it('tokenizes known-subject values under the subject scope, even in broad channels', async () => {
    const text = 'ask about Jane Roe please';
    const start = text.indexOf('Jane Roe');
    const known: Finding = { entityType: 'KNOWN_SUBJECT', start, end: start + 8, score: 1, recognizer: 'known-subject', subjectId: 's42' };
    const g = new PrivacyGuard({ vault, channelClassOf, auditDb: t.db, analyze: () => [known] });
    const out = await g.protect(t.db, { channelId: 'pub1', authorId: 'u1', text });
    expect(out.text).toBe('ask about [KNOWN_SUBJECT] please');
    expect((await vault.describe(t.db, out.entities[0]?.token ?? ''))?.scope).toBe('subject:s42');
  });

  it('skips values marked "not personal data" in that channel only, once approved by someone else, until revoked', async () => {
    const m = await markNotPersonalData(t.db, vault, { actor: 'u1', channelId: 'team1', value: IP, entityType: 'IP_ADDRESS', channelClass: 'team' });
    expect([m.created, m.status]).toEqual([true, 'pending']);
    expect((await markNotPersonalData(t.db, vault, { actor: 'u1', channelId: 'team1', value: IP, entityType: 'IP_ADDRESS', channelClass: 'team' })).id).toBe(m.id);
    // pending: not applied yet
    expect((await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: TEXT })).text).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on the 🚀 queue');
    const classOf = async (id: string): Promise<ChannelClass> => classes[id] ?? 'broad';
    await expect(decideMark(t.db, { actor: 'u1', markId: m.id, decision: 'approve', channelClassOf: classOf })).rejects.toMatchObject({ status: 403, code: 'same_person' });
    expect((await decideMark(t.db, { actor: 'po1', markId: m.id, decision: 'approve', channelClassOf: classOf })).status).toBe('active');
    await expect(decideMark(t.db, { actor: 'po2', markId: m.id, decision: 'deny', channelClassOf: classOf })).rejects.toMatchObject({ status: 409 });
    const a = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: TEXT });
    expect(a.text).toBe('user [EMAIL_ADDRESS] from 192.0.2.44 on the 🚀 queue');
    const b = await guard.protect(t.db, { channelId: 'team2', authorId: 'u1', text: TEXT });
    expect(b.text).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on the 🚀 queue');
    expect((await listMarks(t.db)).map((x) => [x.id, x.channelId, x.entityType, x.createdBy, x.decidedBy])).toEqual([[m.id, 'team1', 'IP_ADDRESS', 'u1', 'po1']]);
    expect(JSON.stringify((await t.raw.all('SELECT * FROM privacy_marks')))).not.toContain(IP);
    // the channel turns broad: an IP mark no longer applies there
    classes.team1 = 'broad';
    try {
      await expect(guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: `from ${IP}` })).rejects.toMatchObject({ status: 422 });
    } finally {
      classes.team1 = 'team';
    }
    await revokeMark(t.db, 'po1', m.id);
    expect(await listMarks(t.db)).toEqual([]);
    expect((await listMarks(t.db, { includeRevoked: true }))[0]?.revokedBy).toBe('po1');
    const c = await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: TEXT });
    expect(c.text).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on the 🚀 queue');
    await expect(revokeMark(t.db, 'po1', m.id)).rejects.toMatchObject({ status: 404 });
    expect((await auditRows()).map((r) => r.action).filter((x) => x.startsWith('mark'))).toEqual(['mark.not_personal_data', 'mark.approve', 'mark.revoke']);
  });

  it('refuses marks for known-subject matches, and for hard identifiers in broad channels', async () => {
    await expect(markNotPersonalData(t.db, vault, { actor: 'u1', channelId: 'team1', value: 'Jane Roe', entityType: 'KNOWN_SUBJECT', channelClass: 'team' })).rejects.toMatchObject({
      status: 422,
      code: 'mark_not_allowed',
    });
    for (const [entityType, value] of [['CREDIT_CARD', '4111 1111 1111 1111'], ['EMAIL_ADDRESS', EMAIL], ['IP_ADDRESS', IP], ['PHONE_NUMBER', '+1 555 0100'], ['US_PASSPORT', '912803456']]) {
      await expect(markNotPersonalData(t.db, vault, { actor: 'u1', channelId: 'pub1', value: value as string, entityType: entityType as string, channelClass: 'broad' })).rejects.toMatchObject({
        status: 422,
        code: 'mark_not_allowed',
      });
    }
    expect(await listMarks(t.db)).toEqual([]);
    // softer types may be requested for broad channels (still pending approval)
    expect((await markNotPersonalData(t.db, vault, { actor: 'u1', channelId: 'pub1', value: 'Springfield', entityType: 'LOCATION', channelClass: 'broad' })).status).toBe('pending');
  });

  it('leaves no raw value in the database (SQLite file and WAL, or every PostgreSQL table) after protecting a message', async () => {
    const planted = 'planted.guard.9d2e@example.com';
    await guard.protect(t.db, { channelId: 'team1', authorId: 'u1', text: `mail ${planted} now` });
    await expect(guard.protect(t.db, { channelId: 'pub1', authorId: 'u1', text: `mail ${planted} now` })).rejects.toBeInstanceOf(AppError);
    await guard.settled();
    expect(await scanDatabase(t, ['planted.guard'])).toEqual([]);
    // the scan finds a value written raw
    await t.raw.run("INSERT INTO data_migrations (name, applied_at, details) VALUES ('scan-canary', 'now', ?)", [planted]);
    expect(await scanDatabase(t, ['planted.guard'])).not.toEqual([]);
  });
});

describe('privacy guard with overlapping findings', () => {
  it('merges overlapping spans so no part of a value stays raw', async () => {
    const text = 'see https://example.com/u/jane.doe@example.com now';
    const url = text.indexOf('https');
    const mail = text.indexOf('jane.doe');
    const findings: Finding[] = [
      { entityType: 'URL', start: url, end: mail + 4, score: 0.9, recognizer: 'fake' },
      { entityType: 'EMAIL_ADDRESS', start: mail, end: mail + EMAIL.length, score: 0.9, recognizer: 'fake' },
    ];
    const g = new PrivacyGuard({ vault, channelClassOf, auditDb: t.db, analyze: () => findings });
    const out = await g.protect(t.db, { channelId: 'team1', authorId: 'u1', text });
    expect(out.text).toBe('see [URL] now');
    expect((await vault.reveal(t.db, out.entities[0]?.token ?? '')).value).toBe('https://example.com/u/jane.doe@example.com');
  });
});
