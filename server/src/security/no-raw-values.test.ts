/**
 * Issue 4 security tests: planted personal data never appears raw anywhere outside the vault —
 * database bytes (main file, WAL, journal; UTF-8 and UTF-16), server logs, error answers, search,
 * stream events (author and another member), edit history, deleted messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connect, makeChannel, makeUser, type StreamConn, type TestUser } from '../test/factories.ts';
import { DONE_WHEN, PLANTED, PLANTED_VALUES, findInBytes, indexedTerms, scanDatabase, startLoggedServer } from './helpers.ts';

type Entity = { entityType: string; start: number; end: number; token: string };
type Msg = { id: string; text: string; entities: Entity[]; deletedAt: string | null };
type Srv = Awaited<ReturnType<typeof startLoggedServer>>;

let srv: Srv;
let ada: TestUser;
let bob: TestUser;
let adaStream: StreamConn;
let bobStream: StreamConn;
let team: { id: string };
let broad: { id: string };
const answers: string[] = [];

async function api<T = Record<string, unknown>>(user: TestUser, method: string, path: string, body?: unknown) {
  const r = await call<T>(srv, user.token, method, path, body);
  answers.push(JSON.stringify(r.body ?? null));
  return r;
}

beforeAll(async () => {
  srv = await startLoggedServer();
  ada = await makeUser(srv, { name: 'Ada Agent', email: 'ada.agent@example.com' });
  bob = await makeUser(srv, { name: 'Bob Agent', email: 'bob.agent@example.com' });
  team = await makeChannel(srv, ada, { members: [bob] });
  broad = await makeChannel(srv, ada, { visibility: 'public' });
  await call(srv, bob.token, 'POST', `/api/v1/channels/${broad.id}/members`, { userId: bob.id });
  adaStream = await connect(srv, ada.token);
  bobStream = await connect(srv, bob.token);
});
afterAll(async () => {
  adaStream.close();
  bobStream.close();
  await srv.close();
});

describe('protected messaging end to end', () => {
  it('the done-when text in a team channel gives 3 entities with tokens and placeholders only', async () => {
    const r = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text: DONE_WHEN });
    expect(r.status).toBe(201);
    const m = r.body.message;
    expect(m.text).toBe('user [EMAIL_ADDRESS] from [IP_ADDRESS] on IMEI [DEVICE_ID]');
    expect(m.entities.map((e) => e.entityType)).toEqual(['EMAIL_ADDRESS', 'IP_ADDRESS', 'DEVICE_ID']);
    for (const e of m.entities) {
      expect(e.token).toMatch(/^tok_[a-z2-7]{16}$/);
      expect(m.text.slice(e.start, e.end)).toBe(`[${e.entityType}]`);
    }
    expect(new Set(m.entities.map((e) => e.token)).size).toBe(3);
    await adaStream.until((f) => f.some((x) => x.type === 'message.created' && x.message?.id === m.id));
    await bobStream.until((f) => f.some((x) => x.type === 'message.created' && x.message?.id === m.id));
    const own = adaStream.of('message.created').find((x) => x.message?.id === m.id) as unknown as { message: Msg };
    expect(own.message.text).toBe(m.text);
    expect(own.message.entities).toEqual(m.entities);
  });

  it('the same text in a broad channel → 422 with positions, no values, nothing stored, block audited', async () => {
    const before = (await srv.ctx.database.raw.get('SELECT count(*) AS n FROM messages')) as { n: number };
    const r = await api<{ error: { code: string; message: string; hint: string; findings: Array<Record<string, unknown>> } }>(
      ada, 'POST', `/api/v1/channels/${broad.id}/messages`, { text: DONE_WHEN },
    );
    expect(r.status).toBe(422);
    expect(r.body.error.code).toBe('personal_data_blocked');
    expect(r.body.error.hint).toMatch(/private channel/);
    expect(r.body.error.findings).toEqual([
      { entityType: 'EMAIL_ADDRESS', start: 5, end: 25 },
      { entityType: 'IP_ADDRESS', start: 31, end: 41 },
      { entityType: 'DEVICE_ID', start: 50, end: 65 },
    ]);
    for (const f of r.body.error.findings) expect(Object.keys(f).sort()).toEqual(['end', 'entityType', 'start']);
    const after = (await srv.ctx.database.raw.get('SELECT count(*) AS n FROM messages')) as { n: number };
    expect(after.n).toBe(before.n);
    await srv.ctx.privacy.privacyGuard.settled();
    const block = (await srv.ctx.database.raw.get("SELECT actor, target, outcome, details FROM audit_events WHERE action = 'block' ORDER BY seq DESC LIMIT 1")) as { actor: string; target: string; outcome: string; details: string };
    expect(block).toMatchObject({ actor: ada.id, target: `channel:${broad.id}`, outcome: 'denied' });
    expect(JSON.parse(block.details)).toEqual({ channelClass: 'broad', counts: { EMAIL_ADDRESS: 1, IP_ADDRESS: 1, DEVICE_ID: 1 } });
    // editing a team message into the broad channel is impossible; an edit in the broad channel is guarded too
    const ok = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${broad.id}/messages`, { text: 'shift notes follow' });
    const edit = await api<{ error: { code: string } }>(ada, 'PATCH', `/api/v1/messages/${ok.body.message.id}`, { text: `card ${PLANTED.card}` });
    expect(edit.status).toBe(422);
    const stored = await api<{ message: Msg }>(bob, 'GET', `/api/v1/messages/${ok.body.message.id}`);
    expect(stored.body.message.text).toBe('shift notes follow');
  });

  it('typed text that looks like a placeholder gets no entities', async () => {
    const text = 'typed [EMAIL_ADDRESS] and [IP_ADDRESS #k3f9] by hand';
    const r = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text });
    expect(r.body.message.text).toBe(text);
    expect(r.body.message.entities).toEqual([]);
  });

  it('edits are tokenized, history keeps only tokenized text, deletes keep nothing', async () => {
    const first = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text: `card ${PLANTED.card} was charged` });
    expect(first.body.message.text).toBe('card [CREDIT_CARD] was charged');
    const edited = await api<{ message: Msg }>(ada, 'PATCH', `/api/v1/messages/${first.body.message.id}`, { text: `card ${PLANTED.card} was charged from ${PLANTED.ip}` });
    expect(edited.status).toBe(200);
    expect(edited.body.message.text).toBe('card [CREDIT_CARD] was charged from [IP_ADDRESS]');
    expect(edited.body.message.entities[0]?.token).toBe(first.body.message.entities[0]?.token);
    const hist = await api<{ versions: Array<{ text: string; entities: Entity[] }> }>(bob, 'GET', `/api/v1/messages/${first.body.message.id}/history`);
    expect(hist.body.versions.map((v) => v.text)).toEqual(['card [CREDIT_CARD] was charged', 'card [CREDIT_CARD] was charged from [IP_ADDRESS]']);
    const gone = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text: `mail ${PLANTED.email} and IMEI ${PLANTED.imei}` });
    expect((await api(ada, 'DELETE', `/api/v1/messages/${gone.body.message.id}`)).status).toBe(204);
    const after = await api<{ message: Msg }>(bob, 'GET', `/api/v1/messages/${gone.body.message.id}`);
    expect(after.body.message).toMatchObject({ text: '', entities: [] });
    expect(after.body.message.deletedAt).not.toBeNull();
  });

  it('search finds placeholders, never raw values', async () => {
    for (const q of ['jane', 'doe', 'example', '192', '44', '4111', '490154203237518']) {
      const r = await api<{ results: Array<{ message: Msg }> }>(bob, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(r.status).toBe(200);
      for (const hit of r.body.results) expect(findInBytes(Buffer.from(hit.message.text), PLANTED_VALUES)).toEqual([]);
      expect(r.body.results.some((h) => /jane|4111|490154203237518/.test(h.message.text))).toBe(false);
    }
    const ph = await api<{ results: Array<{ message: Msg }> }>(bob, 'GET', '/api/v1/search?q=EMAIL_ADDRESS');
    expect(ph.body.results.length).toBeGreaterThan(0);
    // the full-text index holds no term of a raw value
    const terms = await indexedTerms(srv.ctx.database);
    expect(terms.has('email')).toBe(true);
    expect(terms.has('address')).toBe(true);
    for (const t of ['jane', 'doe', '4111', '490154203237518', '44']) expect(terms.has(t)).toBe(false);
  });

  it('error answers never echo a value', async () => {
    const bad = [
      await api(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text: DONE_WHEN, extra: PLANTED.email }),
      await api(ada, 'POST', `/api/v1/channels/${team.id}/messages`, `{"text": "${PLANTED.email}`),
      await api(ada, 'POST', '/api/v1/channels/01ARZ3NDEKTSV4RRFFQ69G5FAV/messages', { text: DONE_WHEN }),
      await api(ada, 'POST', '/api/v1/reveal', { token: PLANTED.email, justification: `need ${PLANTED.card} for the case` }),
      await api(ada, 'POST', '/api/v1/analyze', { channelId: team.id, text: DONE_WHEN, more: PLANTED.ip }),
    ];
    for (const r of bad) {
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(findInBytes(Buffer.from(JSON.stringify(r.body)), PLANTED_VALUES)).toEqual([]);
    }
  });

  it('no stream frame (author or other member) and no API answer carries a raw value; reveal answers do', async () => {
    const m = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${team.id}/messages`, { text: `late: ${PLANTED.email}` });
    await bobStream.until((f) => f.some((x) => x.message?.id === m.body.message.id));
    const token = m.body.message.entities[0]?.token as string;
    const rev = await call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token, justification: 'checking the reporter identity' });
    expect(rev.status).toBe(200);
    expect(rev.body.value).toBe(PLANTED.email);
    // a reconnecting client replays everything from seq 0: still nothing raw
    const replay = await connect(srv, bob.token, { since: 0 });
    await replay.until((f) => f.some((x) => x.message?.id === m.body.message.id));
    replay.close();
    for (const frames of [adaStream.frames, bobStream.frames, replay.frames]) {
      expect(findInBytes(Buffer.from(JSON.stringify(frames)), PLANTED_VALUES)).toEqual([]);
    }
    expect(findInBytes(Buffer.from(answers.join('\n')), PLANTED_VALUES)).toEqual([]);
  });

  it('the composer preview answers positions only', async () => {
    const r = await api<{ findings: Array<Record<string, unknown>> }>(ada, 'POST', '/api/v1/analyze', { channelId: broad.id, text: DONE_WHEN });
    expect(r.status).toBe(200);
    expect(r.body.findings.map((f) => [f.entityType, f.start, f.end, f.action])).toEqual([
      ['EMAIL_ADDRESS', 5, 25, 'block'],
      ['IP_ADDRESS', 31, 41, 'block'],
      ['DEVICE_ID', 50, 65, 'block'],
    ]);
    const t = await api<{ findings: Array<Record<string, unknown>> }>(ada, 'POST', '/api/v1/analyze', { channelId: team.id, text: DONE_WHEN });
    expect(t.body.findings.map((f) => f.action)).toEqual(['tokenize', 'tokenize', 'tokenize']);
    expect(Object.keys(t.body.findings[0] ?? {}).sort()).toEqual(['action', 'end', 'entityType', 'explanation', 'recognizer', 'score', 'start']);
  });

  it('staff @mentions stay mentions (not tokenized, not blocked in broad channels)', async () => {
    const r = await api<{ message: Msg & { mentions: string[] } }>(ada, 'POST', `/api/v1/channels/${broad.id}/messages`, { text: '@bob.agent please look, thanks @Ada Agent' });
    expect(r.status).toBe(201);
    expect(r.body.message.text).toBe('@bob.agent please look, thanks @Ada Agent');
    expect(r.body.message.mentions).toEqual([bob.id, ada.id]);
  });

  it('server logs hold no value, justification or message body; the database (SQLite files, PostgreSQL tables) holds no value', async () => {
    await srv.ctx.privacy.privacyGuard.settled();
    const logs = srv.logs();
    expect(logs).toContain('request completed');
    expect(findInBytes(Buffer.from(logs), PLANTED_VALUES)).toEqual([]);
    expect(logs).not.toContain('checking the reporter identity');
    expect(logs).not.toContain('shift notes follow');
    const database = srv.ctx.database;
    expect(await scanDatabase(database)).toEqual([]);
    database.checkpoint();
    expect(await scanDatabase(database)).toEqual([]);
    // the scan itself works: the vault's own placeholder-free tables are not where values sit raw,
    // but a planted value written anywhere unprotected is found
    await database.raw.run("INSERT INTO data_migrations (name, applied_at, details) VALUES ('scan-canary', 'now', ?)", [PLANTED.ip]);
    expect((await scanDatabase(database, [PLANTED.ip])).length).toBeGreaterThan(0);
    await database.raw.run("DELETE FROM data_migrations WHERE name = 'scan-canary'");
    database.checkpoint();
    expect(await scanDatabase(database)).toEqual([]);
  });
});
