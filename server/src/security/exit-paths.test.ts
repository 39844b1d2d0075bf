/**
 * Issue 10, exit paths: known fake personal data is planted in messages, an edit, a thread reply,
 * a deleted message, a channel topic, an intake report (case fields and complaint text), a case
 * note, a reveal justification, uploads (file name; text drawn in the image, read by OCR) and a
 * Slack export (message text, an edited message, a file reference; its exposure report). Then
 * every way data leaves the server is walked: every GET route of the OpenAPI document, called with
 * every planted object's id by a member, a non-member, a lead and a privacy officer (so history,
 * single messages, threads, edit history, unread and mention counts, case views, audit and
 * access-report exports); search for parts of each value; error answers to requests carrying the
 * values; stream frames of members and non-members and replays from `since=0`; the server's log
 * lines; `/metrics`; every table and column of the database (except the vault's ciphertexts),
 * enumerated from the schema at run time; every file of the data folder. Runs on SQLite and, under
 * `npm run test:pg`, on PostgreSQL. No raw value may appear, nor its URL-encoded, base64 or compact
 * form, in any letter case.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReport, makeIntegration, postReport } from '../routes/intake/test-helpers.ts';
import { renderExposureHtml } from '../services/import/exposure-html.ts';
import { accountFor, IMPORT_ACCOUNT_EMAIL } from '../services/import/import-setup.ts';
import { scanExport } from '../services/import/scan-export.ts';
import { importExport } from '../services/import/slack-import.ts';
import { openExport } from '../services/import/slack-source.ts';
import { writeExportFolder } from '../test/slack-export-fixture.ts';
import { call, connect, makeChannel, makeUser, type StreamConn, type TestUser } from '../test/factories.ts';
import { settled, textImage, upload } from '../test/images.ts';
import { dumpColumns, findVariants, readTree } from './exit-walk.ts';
import { startLoggedServer } from './helpers.ts';

/** Obviously fake values the analyzer surely catches (RFC 2606, 555-01xx, RFC 5737, test card). */
const V = {
  email: 'exit.walker@example.com',
  phone: '+1 202-555-0143',
  ip: '192.0.2.61',
  card: '4111 1111 1111 1111',
  reportEmail: 'reported.walker@example.com',
  reportPhone: '+1 201-555-0171',
  reportIp: '192.0.2.62',
} as const;
const VALUES: readonly string[] = Object.values(V);
const J = 'checking the reporter identity for the case';

type Srv = Awaited<ReturnType<typeof startLoggedServer>>;
type Msg = { id: string; text: string; entities: Array<{ token: string; entityType: string }> };
type Op = { parameters?: Array<{ in: string; name: string }> };

let srv: Srv;
let ada: TestUser; // admin, creator and member of every channel
let bob: TestUser; // agent, member, assignee of the case
let eve: TestUser; // agent, member of nothing
let lee: TestUser; // lead
let olga: TestUser; // privacy officer
const streams: StreamConn[] = [];
/** Every answer body and header block seen by the walk, with where it came from. */
const answers: Array<{ where: string; text: string }> = [];
/** Ids of everything planted (path parameters of the walk). */
const ids = new Set<string>();
const tokens: string[] = [];
let caseId = '';
let subjectIds: string[] = [];
let rootId = '';
let teamId = '';

async function api<T = Record<string, unknown>>(user: TestUser | null, method: string, path: string, body?: unknown) {
  const r = await call<T>(srv, user?.token ?? null, method, path, body);
  answers.push({ where: `${method} ${path} (${user?.name ?? 'anonymous'}) → ${r.status}`, text: JSON.stringify(r.body ?? null) + JSON.stringify([...r.headers]) });
  return r;
}

beforeAll(async () => {
  srv = await startLoggedServer({ limits: { messages: 100_000 }, media: { settings: { uploadsPerWindow: 1000 } } });
  ada = await makeUser(srv, { role: 'admin', name: 'Ada Exit' });
  bob = await makeUser(srv, { name: 'Bob Exit' });
  eve = await makeUser(srv, { name: 'Eve Outside' });
  lee = await makeUser(srv, { role: 'lead', name: 'Lee Lead' });
  olga = await makeUser(srv, { role: 'privacy_officer', name: 'Olga Officer' });
  for (const u of [ada, bob, eve, lee, olga]) streams.push(await connect(srv, u.token));
}, 120_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await srv?.close();
});

describe('exit paths: planted personal data never leaves raw', () => {
  it('plants values in messages, an edit, a thread reply, a deleted message, a topic, an intake report, a case note, a justification and uploads', async () => {
    const team = await makeChannel(srv, ada, { members: [bob] });
    const broad = await makeChannel(srv, ada, { visibility: 'public' });
    teamId = team.id;
    ids.add(team.id).add(broad.id);
    const posted = async (channelId: string, text: string, extra: Record<string, unknown> = {}) => {
      const r = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${channelId}/messages`, { text, ...extra });
      expect(r.status, text).toBe(201);
      ids.add(r.body.message.id);
      tokens.push(...r.body.message.entities.map((e) => e.token));
      return r.body.message;
    };
    const root = await posted(team.id, `@${bob.name} reach the reporter at ${V.email} or ${V.phone}`);
    rootId = root.id;
    expect(root.entities.length).toBeGreaterThanOrEqual(2);
    await posted(team.id, `the login came from ${V.ip}, card ${V.card}`, { threadRootId: root.id });
    const edited = await posted(team.id, 'nothing to see yet');
    expect((await api(ada, 'PATCH', `/api/v1/messages/${edited.id}`, { text: `edited: ${V.email} from ${V.ip}` })).status).toBe(200);
    const gone = await posted(team.id, `to delete: ${V.card} and ${V.phone}`);
    expect((await api(ada, 'DELETE', `/api/v1/messages/${gone.id}`)).status).toBe(204);
    // refused attempts: a broad channel, a topic, a channel name; nothing may be kept of them
    expect((await api(ada, 'POST', `/api/v1/channels/${broad.id}/messages`, { text: `mail ${V.email}` })).status).toBe(422);
    const topic = await api(ada, 'PATCH', `/api/v1/channels/${team.id}`, { topic: `contact ${V.email} / ${V.phone}` });
    expect([200, 422]).toContain(topic.status);
    expect((await api(ada, 'PATCH', `/api/v1/channels/${broad.id}`, { topic: `contact ${V.email}` })).status).toBe(422);
    expect((await api(ada, 'POST', '/api/v1/channels', { name: `ch ${V.ip}`, visibility: 'private' })).status).toBeGreaterThanOrEqual(400);

    // intake report → case (subject fields, complaint text), assigned to Bob, a note in the case
    const integ = await makeIntegration(srv);
    const report = fakeReport({
      text: `They wrote to me from ${V.reportEmail} and ${V.reportIp}; my card ${V.card}.`,
      accounts: [
        { role: 'reporter', accountId: 'exit-rep', displayName: 'Jane Walker', email: V.email, phone: V.phone },
        { role: 'reported', accountId: 'exit-bad', email: V.reportEmail, phone: V.reportPhone, ipAddresses: [V.reportIp] },
      ],
    });
    const intake = await postReport(srv, integ, report);
    expect(intake.status).toBe(201);
    caseId = intake.body.caseId as string;
    ids.add(caseId);
    const c = await api<{ subjects: Array<{ id: string }>; roomChannelId: string | null }>(lee, 'GET', `/api/v1/cases/${caseId}`);
    subjectIds = c.body.subjects.map((s) => s.id);
    for (const s of subjectIds) ids.add(s);
    expect((await api(lee, 'POST', `/api/v1/cases/${caseId}/assignees`, { userId: bob.id })).status).toBe(204);
    const room = await api<{ roomChannelId: string }>(lee, 'GET', `/api/v1/cases/${caseId}`);
    ids.add(room.body.roomChannelId);
    expect((await api(bob, 'POST', `/api/v1/cases/${caseId}/notes`, { text: `called ${V.reportPhone}, mail to ${V.reportEmail}` })).status).toBeLessThan(300);
    expect((await api(bob, 'POST', `/api/v1/channels/${room.body.roomChannelId}/messages`, { text: `room note: ${V.reportIp}` })).status).toBe(201);

    // a reveal whose justification carries a value (stored with placeholders); its answer is the one exit allowed a value
    const tok = root.entities[0]?.token as string;
    const rev = await call<{ value: string }>(srv, bob.token, 'POST', '/api/v1/reveal', { token: tok, justification: `${J} ${V.email}` });
    expect(rev.status).toBe(200);
    expect(VALUES).toContain(rev.body.value);

    // uploads: a file name with a value (team channel, and refused in the broad one), text in the image
    const named = await upload(srv, ada, team.id, await textImage(['Email: ' + V.email, 'IP: ' + V.ip]), `${V.email}.png`, { type: 'image/png' });
    answers.push({ where: 'upload (team)', text: JSON.stringify(named.body) });
    expect(named.status).toBe(201);
    const fileMessage = named.body.message?.id as string;
    ids.add(fileMessage);
    const file = await settled(srv, ada, fileMessage, 120_000);
    ids.add(file.id);
    const refused = await upload(srv, ada, broad.id, await textImage(['hello']), `${V.ip}.png`, { type: 'image/png' });
    answers.push({ where: 'upload (broad)', text: JSON.stringify(refused.body) });
    expect(refused.status).toBe(422);
    for (const u of [ada, bob, eve]) ids.add(u.id);
    ids.add(tok);
  }, 240_000);

  it('plants values in a Slack export: its exposure report (JSON and HTML) and the import summary hold none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enclave-exit-export-'));
    try {
      const m = (ts: string, user: string, text: string, extra: Record<string, unknown> = {}) => ({ type: 'message', ts, user, text, ...extra });
      writeExportFolder(dir, {
        'users.json': [
          { id: 'U1', name: 'walker', real_name: 'Walk Staff', profile: { email: 'walk.staff@example.com' } },
          { id: 'U2', name: 'runner', real_name: 'Run Staff', profile: { email: 'run.staff@example.com' } },
        ],
        'channels.json': [{ id: 'C1', name: 'walk-general', created: 1700000000, members: ['U1', 'U2'] }],
        'groups.json': [{ id: 'G1', name: 'walk-private', created: 1700000000, members: ['U1', 'U2'] }],
        'walk-general/2024-01-01.json': [m('1704103200.000100', 'U1', `reporter wrote from ${V.email}, call ${V.phone}`)],
        'walk-private/2024-01-01.json': [
          m('1704103500.000100', 'U2', `login from ${V.ip}, card ${V.card}`, { edited: { user: 'U2', ts: '1704103600.000000' } }),
          m('1704103620.000300', 'U1', 'see attached', { files: [{ id: 'F1', name: `${V.email}.txt`, title: `notes on ${V.ip}`, mimetype: 'text/plain', size: 12 }] }),
        ],
      });
      const src = await openExport(dir);
      try {
        const report = await scanExport(src, { analyze: (t) => srv.ctx.privacy.analyze(t) });
        expect(report.findings).toBeGreaterThanOrEqual(4);
        answers.push({ where: 'import report exposure.json', text: JSON.stringify(report) });
        answers.push({ where: 'import report exposure.html', text: renderExposureHtml(report, 'walk-export') });
      } finally {
        await src.close();
      }
      const createdBy = (await srv.ctx.db.transaction().execute((trx) => accountFor(trx, 'cli', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
      const again = await openExport(dir);
      try {
        const summary = await importExport({ db: srv.ctx.db, privacy: srv.ctx.privacy }, again, { actor: 'cli', createdBy, sourceName: 'walk-export' });
        expect(summary.imported).toBe(3);
        answers.push({ where: 'import summary', text: JSON.stringify(summary) });
        for (const c of await srv.ctx.db.selectFrom('channels').select('id').where('name', 'like', 'walk-%').execute()) ids.add(c.id);
      } finally {
        await again.close();
      }
      for (const a of answers.slice(-3)) expect(findVariants(a.text, VALUES), a.where).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('no API answer to a member, a non-member, a lead or a privacy officer carries a value: every GET route with every planted id', async () => {
    const doc = (await srv.app.inject({ method: 'GET', url: '/api/docs/json' })).json<{ paths: Record<string, Record<string, Op>> }>();
    const gets = Object.entries(doc.paths)
      .filter(([path, ops]) => ops.get && path !== '/api/docs/json' && !path.endsWith('/stream'))
      .map(([path]) => path);
    expect(gets.length).toBeGreaterThan(30);
    const queries = [
      '',
      `?format=csv`,
      `?threadRootId=${rootId}`,
      `?channelId=${teamId}&limit=200`,
      `?token=${tokens[0] ?? ''}`,
      `?subjectId=${subjectIds[0] ?? ''}`,
      `?status=done`,
      `?includeRevoked=true`,
    ];
    let calls = 0;
    for (const path of gets) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
      const fills = names.length === 0 ? [path] : [...ids].map((id) => names.reduce((p, n) => p.replace(`{${n}}`, encodeURIComponent(id)), path));
      for (const url of fills) {
        for (const q of names.length === 0 ? queries : /report|export|posture/.test(path) ? ['', '?format=csv'] : ['']) {
          for (const u of [ada, bob, eve, lee, olga]) {
            const res = await srv.app.inject({ method: 'GET', url: url + q, headers: { authorization: `Bearer ${u.token}` } });
            calls += 1;
            const hits = findVariants(res.body + JSON.stringify(res.headers), VALUES);
            if (hits.length > 0) answers.push({ where: `GET ${url + q} (${u.name}) → ${res.statusCode}`, text: res.body });
            expect(hits, `GET ${url + q} as ${u.name} → ${res.statusCode}`).toEqual([]);
          }
        }
      }
    }
    expect(calls).toBeGreaterThan(400);
  }, 600_000);

  it('search for any part of a value finds placeholders only; error answers to requests carrying values echo none', async () => {
    for (const v of VALUES) {
      for (const q of [v, ...v.split(/[\s@.\-+]/).filter((p) => p.length > 2)]) {
        for (const u of [ada, bob, eve]) {
          const r = await api(u, 'GET', `/api/v1/search?q=${encodeURIComponent(q)}`);
          expect(r.status).toBe(200);
        }
      }
    }
    await api(ada, 'POST', `/api/v1/channels/${teamId}/messages`, `{"text": "${V.email}`);
    await api(ada, 'POST', `/api/v1/channels/${teamId}/messages`, { text: V.email, extra: V.phone });
    await api(eve, 'POST', `/api/v1/channels/${teamId}/messages`, { text: V.email });
    await api(ada, 'POST', '/api/v1/reveal', { token: V.email, justification: `${J} ${V.card}` });
    await api(eve, 'POST', '/api/v1/reveal', { token: tokens[0], justification: `${J} ${V.card}` });
    await api(ada, 'PATCH', `/api/v1/messages/${rootId}`, { text: V.card, entities: [{ token: V.email, start: 0, end: 3 }] });
    await api(ada, 'GET', `/api/v1/messages/${encodeURIComponent(V.email)}`);
    await api(ada, 'GET', `/api/v1/nowhere/${encodeURIComponent(V.email)}?x=${encodeURIComponent(V.ip)}`);
    await api(olga, 'POST', '/api/v1/subjects/search', { kind: 'email', value: V.reportEmail });
    await api(null, 'POST', '/api/v1/auth/login', { email: V.email, password: V.card });
    for (const a of answers) expect(findVariants(a.text, VALUES), a.where).toEqual([]);
  }, 240_000);

  it('no stream frame, live or replayed from since=0, of a member, a non-member, a lead or an officer carries a value', async () => {
    const marker = await api<{ message: Msg }>(ada, 'POST', `/api/v1/channels/${teamId}/messages`, { text: 'walk marker' });
    await streams[1]?.until((f) => f.some((x) => x.message?.id === marker.body.message.id));
    for (const [i, u] of [ada, bob, eve, lee, olga].entries()) {
      const replay = await connect(srv, u.token, { since: 0 });
      await new Promise((r) => setTimeout(r, 300));
      replay.close();
      expect(findVariants(JSON.stringify(replay.frames), VALUES), `replay of ${u.name}`).toEqual([]);
      expect(findVariants(JSON.stringify(streams[i]?.frames), VALUES), `live stream of ${u.name}`).toEqual([]);
      if (u === bob) expect(replay.frames.some((f) => f.message?.id === rootId)).toBe(true);
    }
  }, 120_000);

  it('/metrics, the log lines, every table and column of the database and every file of the data folder hold no value', async () => {
    const metrics = await fetch(`${srv.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(findVariants(await metrics.text(), VALUES)).toEqual([]);
    await srv.ctx.privacy.privacyGuard.settled();
    const logs = srv.logs();
    expect(logs).toContain('request completed');
    expect(findVariants(logs, VALUES)).toEqual([]);

    const database = srv.ctx.database;
    const { tables, columns } = await dumpColumns(database, ['vault_values.ciphertext']);
    // the walk reaches the tables the planting wrote to (a new table is read the same way)
    for (const t of ['messages', 'message_versions', 'events', 'audit_events', 'cases', 'case_events', 'media_files', 'vault_values']) expect(tables).toContain(t);
    const leaks = [...columns].flatMap(([where, text]) => findVariants(text, VALUES).map((h) => `${where}: ${h}`));
    expect(leaks).toEqual([]);
    // the dump finds a value written where it does not belong (the check can fail)
    await database.raw.run("INSERT INTO data_migrations (name, applied_at, details) VALUES ('walk-canary', 'now', ?)", [Buffer.from(V.ip).toString('base64')]);
    const canary = await dumpColumns(database, ['vault_values.ciphertext']);
    expect(findVariants(canary.columns.get('data_migrations.details') ?? '', VALUES)).toContain(`${V.ip}/base64`);
    await database.raw.run("DELETE FROM data_migrations WHERE name = 'walk-canary'");

    database.checkpoint();
    const files = [...readTree(srv.dir)].flatMap(([path, text]) => findVariants(text, VALUES).map((h) => `${path.slice(srv.dir.length)}: ${h}`));
    expect(files).toEqual([]);
  }, 120_000);
});
