import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnownSubjectIndex } from '../../services/cases/known-values.ts';
import { rotateIntegrationSecret, setIntegrationEnabled, signatureHeader } from '../../services/cases/integrations.ts';
import { scanDatabase } from '../../security/helpers.ts';
import { startServer, type TestServer } from '../../test/factories.ts';
import { fakeReport, makeIntegration, postReport } from './test-helpers.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startServer();
});
afterAll(async () => {
  await srv.close();
});

const count = async (table: 'cases' | 'subjects' | 'subject_fields') =>
  Number((await srv.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

async function rejections(): Promise<Array<{ details: string | null; target: string }>> {
  return srv.ctx.db.selectFrom('audit_events').select(['details', 'target']).where('action', '=', 'intake.rejected').orderBy('seq').execute();
}

/** `send` is called only after the counts before it are read (a request already running could finish first). */
async function expectRejected(send: () => Promise<{ status: number; body: Record<string, unknown> }>, status: number, code: string) {
  const before = { cases: await count('cases'), subjects: await count('subjects'), audits: (await rejections()).length };
  const res = await send();
  expect(res.status).toBe(status);
  expect((res.body.error as { code: string }).code).toBe(code);
  expect(await count('cases')).toBe(before.cases);
  expect(await count('subjects')).toBe(before.subjects);
  const audits = await rejections();
  expect(audits.length).toBe(before.audits + 1);
  expect(JSON.parse(audits.at(-1)?.details ?? '{}')).toMatchObject({ status, code });
  return res;
}

describe('POST /api/v1/intake/reports', () => {
  it('creates a case (201) and answers the same case (200) for the same reportId, creating nothing', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport();
    const first = await postReport(srv, integ, report);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ caseId: expect.any(String), status: 'open' });
    const cases = await count('cases');
    const subjects = await count('subjects');
    const again = await postReport(srv, integ, report);
    expect(again).toEqual({ status: 200, body: first.body });
    expect(await count('cases')).toBe(cases);
    expect(await count('subjects')).toBe(subjects);
  });

  it('two intakes of the same report at the same moment make one case', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport();
    const before = await count('cases');
    const [a, b] = await Promise.all([postReport(srv, integ, report), postReport(srv, integ, report)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.caseId).toBe(b.body.caseId);
    expect(await count('cases')).toBe(before + 1);
  });

  it('updates, not duplicates, a subject when the same integration + accountId comes again', async () => {
    const integ = await makeIntegration(srv);
    const r1 = fakeReport();
    await postReport(srv, integ, r1);
    const subjects = await count('subjects');
    const accounts = (r1.accounts as Array<Record<string, unknown>>).map((a) => ({ ...a, city: 'Springfield' }));
    const r2 = await postReport(srv, integ, fakeReport({ accounts }));
    expect(r2.status).toBe(201);
    expect(await count('subjects')).toBe(subjects);
  });

  it('refuses missing, malformed, stale, foreign-body and wrong signatures and unknown or disabled integrations (401, audited, nothing stored)', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport();
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(() => postReport(srv, integ, report, { signature: null }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { signature: 'v1=abc' }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { t: now - 301 }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { t: now + 400 }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { signedBody: JSON.stringify(fakeReport()) }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, { id: integ.id, secret: 'whsec_not-the-secret' }, report), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { integrationHeader: null }), 401, 'invalid_signature');
    await expectRejected(() => postReport(srv, integ, report, { integrationHeader: '01JAAAAAAAAAAAAAAAAAAAAAAA' }), 401, 'invalid_signature');
    const reasons = (await rejections()).slice(-8).map((r) => (JSON.parse(r.details ?? '{}') as { reason: string }).reason);
    expect(reasons).toEqual(['missing_signature', 'malformed_signature', 'stale_signature', 'stale_signature', 'bad_signature', 'bad_signature', 'missing_integration', 'unknown_integration']);
    await srv.ctx.write((uow) => setIntegrationEnabled(uow.db, { id: integ.id, enabled: false, actor: 'test' }));
    await expectRejected(() => postReport(srv, integ, report), 401, 'invalid_signature');
  });

  it('a replayed signature over another body fails; a replay of the same body creates nothing new', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport();
    const t = Math.floor(Date.now() / 1000);
    const sig = signatureHeader(integ.secret, t, JSON.stringify(report));
    expect((await postReport(srv, integ, report, { signature: sig })).status).toBe(201);
    const before = await count('cases');
    expect((await postReport(srv, integ, report, { signature: sig })).status).toBe(200);
    await expectRejected(() => postReport(srv, integ, fakeReport(), { signature: sig }), 401, 'invalid_signature');
    expect(await count('cases')).toBe(before);
  });

  it('rotation keeps the old secret valid for the overlap window only', async () => {
    const integ = await makeIntegration(srv);
    const rotated = await srv.ctx.write((uow) => rotateIntegrationSecret(uow.db, srv.ctx.privacy.vault.keys, { id: integ.id, actor: 'test', overlapMinutes: 60 }));
    expect(rotated.secret).not.toBe(integ.secret);
    expect((await postReport(srv, integ, fakeReport())).status).toBe(201);
    expect((await postReport(srv, { id: integ.id, secret: rotated.secret }, fakeReport())).status).toBe(201);
    await srv.ctx.write((uow) => rotateIntegrationSecret(uow.db, srv.ctx.privacy.vault.keys, { id: integ.id, actor: 'test', overlapMinutes: 0 }));
    await expectRejected(() => postReport(srv, integ, fakeReport()), 401, 'invalid_signature');
  });

  it('bad bodies: unknown category, 10,000-deep JSON, 10,000 IPs, unknown fields, malformed JSON, bad date → 400, audited, nothing stored', async () => {
    const integ = await makeIntegration(srv);
    await expectRejected(() => postReport(srv, integ, fakeReport({ category: 'rudeness' })), 400, 'unknown_category');
    const deep = `{"reportId":"x","media":[${'['.repeat(10_000)}${']'.repeat(10_000)}]}`;
    await expectRejected(() => postReport(srv, integ, deep), 400, 'too_deep');
    const many = fakeReport();
    (many.accounts as Array<Record<string, unknown>>)[1]!.ipAddresses = Array.from({ length: 10_000 }, (_, i) => `192.0.2.${i % 256}`);
    await expectRejected(() => postReport(srv, integ, many), 400, 'invalid_request');
    await expectRejected(() => postReport(srv, integ, fakeReport({ extra: 1 })), 400, 'invalid_request');
    await expectRejected(() => postReport(srv, integ, '{"reportId": '), 400, 'invalid_json');
    await expectRejected(() => postReport(srv, integ, fakeReport({ submittedAt: '2026-13-45T99:00:00Z' })), 400, 'invalid_request');
  });

  it('a 50 MB body → 413, audited, nothing stored', async () => {
    const integ = await makeIntegration(srv);
    const before = (await rejections()).length;
    const big = JSON.stringify(fakeReport({ text: 'a'.repeat(50 * 1024 * 1024) }));
    const res = await srv.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { 'content-type': 'application/json', 'x-enclave-integration': integ.id, 'x-enclave-signature': signatureHeader(integ.secret, Math.floor(Date.now() / 1000), big) },
      payload: big,
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    expect((await rejections()).length).toBe(before + 1);
  });

  it('invalid e-mails, phones and IPs are stored and flagged; names in any script; unknown media referenced', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport({
      media: [{ id: 'media-never-uploaded', sha256: 'ab'.repeat(32) }],
      accounts: [
        { role: 'reporter', accountId: 'acc-script-1', displayName: 'Анна Пример', email: 'not-an-email', phone: '12', ipAddresses: ['999.1.1.1', 'fe80::zz'] },
        { role: 'reported', accountId: 'acc-script-2', displayName: '山田 太郎', username: 'تجربة', dateOfBirth: 'yesterday' },
      ],
    });
    const res = await postReport(srv, integ, report);
    expect(res.status).toBe(201);
    const caseId = res.body.caseId as string;
    const row = await srv.ctx.db.selectFrom('cases').select('media').where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(JSON.parse(row.media)).toEqual([{ id: 'media-never-uploaded', sha256: 'ab'.repeat(32), status: 'not_received' }]);
    const flagged = await srv.ctx.db
      .selectFrom('subject_fields')
      .innerJoin('case_subjects', 'case_subjects.subject_id', 'subject_fields.subject_id')
      .select(['field', 'invalid'])
      .where('case_subjects.case_id', '=', caseId)
      .where('invalid', '=', 1)
      .execute();
    expect(new Set(flagged.map((f) => f.field))).toEqual(new Set(['email', 'phone', 'ipAddresses', 'dateOfBirth']));
  });

  it('registered values are caught retyped at once (no restart) with their subject, and never stored readable', async () => {
    const integ = await makeIntegration(srv);
    const report = fakeReport({
      accounts: [
        {
          role: 'reported',
          accountId: 'acc-known-1',
          displayName: 'Zed Quimby',
          username: '@zq_example',
          email: 'zed.q@example.com',
          phone: '+1 201-555-0166',
          ipAddresses: ['2001:db8::166'],
          country: 'Freedonia',
        },
      ],
    });
    const res = await postReport(srv, integ, report);
    expect(res.status).toBe(201);
    const subjects = await srv.ctx.db.selectFrom('case_subjects').select(['subject_id', 'role']).where('case_id', '=', res.body.caseId as string).execute();
    const reported = subjects.find((s) => s.role === 'reported')?.subject_id;
    for (const typed of ['call (201) 555 0166 now', 'or 2015550166', 'ping ZED.Q@example.com', 'ping zed.q\u200B@example.com', 'user zq_example again', 'from 2001:0db8:0000:0000:0000:0000:0000:0166', 'from 2001:db8:0:0:0:0:0:166', 'it is zed quimby', 'Quimby, Zed wrote']) {
      const f = srv.ctx.privacy.analyze(typed).filter((x) => x.entityType === 'KNOWN_SUBJECT');
      expect(f.map((x) => x.subjectId), typed).toContain(reported);
    }
    // supporting values: only near a primary match of the same subject
    expect(srv.ctx.privacy.analyze('Freedonia won the cup').filter((x) => x.entityType === 'KNOWN_SUBJECT')).toEqual([]);
    const near = 'Zed Quimby, from Freedonia';
    expect(srv.ctx.privacy.analyze(near).filter((x) => x.entityType === 'KNOWN_SUBJECT').map((x) => near.slice(x.start, x.end))).toEqual(['Zed Quimby', 'Freedonia']);
    // a restart loads the index from the vault
    const reloaded = await loadKnownSubjectIndex(srv.ctx.db, srv.ctx.privacy.vault);
    expect(reloaded.match('ping zed.q@example.com').map((x) => x.subjectId)).toEqual([reported]);
    await srv.ctx.exclusive(async () => srv.ctx.database.checkpoint());
    expect(await scanDatabase(srv.ctx.database, ['zed.q@example.com', 'zq_example', 'Zed Quimby', '201-555-0166', '2015550166', '490154203237518', 'acc-known-1', 'mallory', 'Freedonia'])).toEqual([]);
  });
});
