import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { openTestDb, type TestDb } from '../audit/testing.ts';
import { whoSaw, revealCountsByActor } from '../audit/index.ts';
import { LocalKms, Vault } from '../vault/index.ts';
import { syncMessageTokens } from './message-tokens.ts';
import { PrivacyGuard, revealToken, type ChannelClass, type RevealDeps, type RevealRequest } from './index.ts';

let t: TestDb;
let vault: Vault;
let deps: RevealDeps;
const classes: Record<string, ChannelClass> = { team1: 'team', pub1: 'broad' };
const channelClassOf = async (_db: unknown, id: string): Promise<ChannelClass> => classes[id] ?? 'broad';
const members: Record<string, string[]> = { team1: ['alice', 'bob'], pub1: ['alice', 'bob', 'carol'] };
const JOINED = '2020-01-01T00:00:00.000Z';
const memberSince = (channelId: string, userId: string): string | undefined => (members[channelId]?.includes(userId) ? JOINED : undefined);
let teamToken: string;
const EMAIL = 'jane.doe@example.com';
const WHY = 'working complaint #1234 of this account';

beforeEach(async () => {
  t = await openTestDb();
  vault = new Vault({ kms: LocalKms.generate() });
  deps = { vault, channelClassOf };
  const guard = new PrivacyGuard({ vault, channelClassOf, auditDb: t.db });
  const out = await guard.protect(t.db, { channelId: 'team1', authorId: 'alice', text: `mail ${EMAIL}` });
  teamToken = out.entities[0]?.token ?? '';
  await syncMessageTokens(t.db, { id: 'm1', channel_id: 'team1', entities: JSON.stringify(out.entities), deleted_at: null });
});
afterEach(async () => {
  await t.cleanup();
});

const req = (over: Partial<RevealRequest> = {}): RevealRequest => ({ actor: 'bob', role: 'agent', token: teamToken, justification: WHY, memberSince, ...over });

async function failure(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

async function reveals(): Promise<{ actor: string; outcome: string; reason?: string; justification: string | null }[]> {
  const rows = (await t.raw.all("SELECT actor, outcome, details, justification FROM audit_events WHERE action = 'reveal' ORDER BY seq")) as {
    actor: string; outcome: string; details: string; justification: string | null;
  }[];
  return rows.map((r) => ({ actor: r.actor, outcome: r.outcome, justification: r.justification, reason: (JSON.parse(r.details) as { reason?: string }).reason }));
}

describe('reveal', () => {
  it('grants a member of the team channel with a justification, audited without the value', async () => {
    expect(await revealToken(t.db, deps, req())).toEqual({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: false });
    expect(await reveals()).toEqual([{ actor: 'bob', outcome: 'success', justification: WHY, reason: undefined }]);
    const all = JSON.stringify((await t.raw.all('SELECT * FROM audit_events')));
    expect(all).not.toContain(EMAIL);
    const seen = await whoSaw(t.db, { token: teamToken });
    expect(seen.map((e) => [e.actor, e.outcome, e.details?.channelId])).toEqual([['bob', 'success', 'team1']]);
  });

  it('denies and audits: non-member and removed member (answered as unknown), short justification, broad channel', async () => {
    const unknown = await failure(revealToken(t.db, deps, req({ token: 'tok_aaaaaaaaaaaaaaaa' })));
    const outsider = await failure(revealToken(t.db, deps, req({ actor: 'carol' })));
    expect([outsider.status, outsider.code, outsider.message]).toEqual([404, 'not_found', 'Unknown token']);
    expect([outsider.status, outsider.code, outsider.message]).toEqual([unknown.status, unknown.code, unknown.message]);
    const removed = (c: string, u: string): string | undefined => (u === 'bob' ? undefined : memberSince(c, u));
    expect((await failure(revealToken(t.db, deps, req({ memberSince: removed })))).code).toBe('not_found');
    expect((await failure(revealToken(t.db, deps, req({ justification: '   short   ' })))).status).toBe(403);
    expect((await failure(revealToken(t.db, deps, req({ justification: '' })))).status).toBe(403);
    // The same value shared in a broad channel (tokenized there only as a known subject would be): never revealable from there.
    await t.raw.run("INSERT INTO message_tokens VALUES ('m2', ?, 'pub1', '2026-01-01T00:00:00.000Z')", [teamToken]);
    const notInTeam = (c: string, u: string): string | undefined => (c === 'team1' ? undefined : memberSince(c, u));
    const broad = await failure(revealToken(t.db, deps, req({ actor: 'carol', memberSince: notInTeam })));
    expect([broad.status, broad.code]).toEqual([403, 'reveal_denied']);
    expect((await reveals()).map((r) => [r.actor, r.outcome, r.reason])).toEqual([
      ['bob', 'failed', 'not_found'],
      ['carol', 'denied', 'not_member'],
      ['bob', 'denied', 'not_member'],
      ['bob', 'denied', 'justification_too_short'],
      ['bob', 'denied', 'justification_too_short'],
      ['carol', 'denied', 'broad_channel'],
    ]);
  });

  it('answers 404 for an unknown token and 410 for an erased one, each audited', async () => {
    expect((await failure(revealToken(t.db, deps, req({ token: 'tok_aaaaaaaaaaaaaaaa' })))).status).toBe(404);
    await vault.eraseScope(t.db, 'channel:team1');
    const gone = await failure(revealToken(t.db, deps, req()));
    expect([gone.status, gone.code]).toEqual([410, 'erased']);
    expect((await reveals()).map((r) => [r.outcome, r.reason])).toEqual([
      ['failed', 'not_found'],
      ['failed', 'erased'],
    ]);
  });

  it('lets a privacy officer reveal any token, flagged; known-subject values only to them', async () => {
    const sub = await vault.tokenize(t.db, { scope: 'subject:s1', entityType: 'EMAIL_ADDRESS', value: 'john@example.com' });
    await t.raw.run("INSERT INTO message_tokens VALUES ('m3', ?, 'team1', '2026-01-01T00:00:00.000Z')", [sub.token]);
    const bobSub = await failure(revealToken(t.db, deps, req({ token: sub.token })));
    expect([bobSub.status, bobSub.code]).toEqual([403, 'reveal_denied']);
    expect(await revealToken(t.db, deps, req({ actor: 'po', role: 'privacy_officer', token: sub.token }))).toEqual({
      value: 'john@example.com',
      entityType: 'EMAIL_ADDRESS',
      flagged: true,
      flagReason: 'privacy_officer',
    });
    expect((await failure(revealToken(t.db, deps, req({ actor: 'po', role: 'privacy_officer', justification: 'because' })))).status).toBe(403);
    const subj = await whoSaw(t.db, { subjectId: 's1' });
    expect(subj.map((e) => [e.actor, e.outcome, e.details?.flagged ?? e.details?.reason])).toEqual([
      ['bob', 'denied', 'known_subject'],
      ['po', 'success', true],
    ]);
  });

  it('a token no live message carries any more (deleted or edited away) answers as unknown', async () => {
    await syncMessageTokens(t.db, { id: 'm1', channel_id: 'team1', entities: '[]', deleted_at: '2026-01-02T00:00:00.000Z' });
    const e = await failure(revealToken(t.db, deps, req()));
    expect([e.status, e.code, e.message]).toEqual([404, 'not_found', 'Unknown token']);
    await syncMessageTokens(t.db, { id: 'm4', channel_id: 'team1', entities: JSON.stringify([{ entityType: 'EMAIL_ADDRESS', start: 0, end: 1, token: teamToken }]), deleted_at: null });
    expect(await revealToken(t.db, deps, req())).toMatchObject({ value: EMAIL, flagged: false });
    await syncMessageTokens(t.db, { id: 'm4', channel_id: 'team1', entities: '[]', deleted_at: null });
    expect((await failure(revealToken(t.db, deps, req()))).code).toBe('not_found');
  });

  it('a value shared only before the caller joined is revealed flagged and queued for review', async () => {
    const late = (c: string, u: string): string | undefined => (memberSince(c, u) ? '2999-01-01T00:00:00.000Z' : undefined);
    expect(await revealToken(t.db, deps, req({ memberSince: late }))).toEqual({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: true, flagReason: 'shared_before_joined' });
    const queued = (await t.raw.all('SELECT revealer_id, token, reason, reviewed_at FROM reveal_reviews'));
    expect(queued).toEqual([{ revealer_id: 'bob', token: teamToken, reason: 'shared_before_joined', reviewed_at: null }]);
    expect(await revealToken(t.db, deps, req())).toEqual({ value: EMAIL, entityType: 'EMAIL_ADDRESS', flagged: false });
    expect((await t.raw.get('SELECT count(*) AS n FROM reveal_reviews'))).toEqual({ n: 1 });
  });

  it('rate-limits per person, audits the refusal and alerts privacy officers once per window', async () => {
    const limited: RevealDeps = { ...deps, rateLimit: { max: 3, windowMs: 60_000 } };
    for (let i = 0; i < 3; i++) await revealToken(t.db, limited, req());
    const e = await failure(revealToken(t.db, limited, req()));
    expect([e.status, e.code]).toEqual([429, 'rate_limited']);
    await failure(revealToken(t.db, limited, req()));
    expect(await revealToken(t.db, limited, req({ actor: 'alice' }))).toMatchObject({ value: EMAIL });
    const rows = (await t.raw.all("SELECT actor, action, target FROM audit_events WHERE action IN ('reveal.rate_limited', 'alert.reveal_rate_limit') ORDER BY seq"));
    expect(rows).toEqual([
      { actor: 'bob', action: 'reveal.rate_limited', target: `token:${teamToken}` },
      { actor: 'system', action: 'alert.reveal_rate_limit', target: 'user:bob' },
      { actor: 'bob', action: 'reveal.rate_limited', target: `token:${teamToken}` },
    ]);
    expect(await revealCountsByActor(t.db)).toEqual([
      { actor: 'bob', granted: 3, denied: 0, failed: 0, rateLimited: 2 },
      { actor: 'alice', granted: 1, denied: 0, failed: 0, rateLimited: 0 },
    ]);
  });
});
