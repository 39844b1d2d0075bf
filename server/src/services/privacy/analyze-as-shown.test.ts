/**
 * The guard, the composer preview (`POST /api/v1/analyze`) and the exposure report of an import
 * analyze a text as shown (`analyzeAsShown` of `@enclave/pii`): on values split by Markdown marks
 * all three find the same entity types over the same typed spans.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, makeChannel, makeUser, startServer, type TestServer, type TestUser } from '../../test/factories.ts';
import { writeExportFolder } from '../../test/slack-export-fixture.ts';
import { scanExport } from '../import/scan-export.ts';
import { openExport } from '../import/slack-source.ts';

const TEXTS = ['mail jane.doe@**example.com** now', 'ip 192.0.2.**44**', 'call 202-555-01**47** today', 'ip 192\\.0\\.2\\.44'];
const EXPECTED = [['EMAIL_ADDRESS'], ['IP_ADDRESS'], ['PHONE_NUMBER'], ['IP_ADDRESS']];

let srv: TestServer;
let agent: TestUser;
let dir: string;
beforeEach(async () => {
  srv = await startServer();
  agent = await makeUser(srv, { role: 'agent' });
  dir = mkdtempSync(join(tmpdir(), 'enclave-shown-'));
});
afterEach(async () => {
  await srv.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('one "analyze as shown" for guard, preview and exposure report', { timeout: 90_000 }, () => {
  it('gives the same findings on values split by Markdown marks', async () => {
    const ch = (await makeChannel(srv, agent, { visibility: 'private' })) as { id: string };
    const preview: string[][] = [];
    const guard: string[][] = [];
    for (const text of TEXTS) {
      const p = await call<{ findings: Array<{ entityType: string; start: number; end: number }> }>(srv, agent.token, 'POST', '/api/v1/analyze', { channelId: ch.id, text });
      expect(p.status).toBe(200);
      preview.push(p.body.findings.map((f) => f.entityType));
      const m = await call<{ message: { text: string; entities: Array<{ entityType: string }> } }>(srv, agent.token, 'POST', `/api/v1/channels/${ch.id}/messages`, { text });
      expect(m.status).toBe(201);
      guard.push(m.body.message.entities.map((e) => e.entityType));
      // the whole typed span became the chip: no digit of the value is left in the stored text
      expect(m.body.message.text).not.toMatch(/44|47|example\.com/u);
    }
    writeExportFolder(dir, {
      'users.json': [{ id: 'U1', name: 'alice', real_name: 'Alice Example', profile: { email: 'alice@example.com' } }],
      'groups.json': [{ id: 'G1', name: 'ops', members: ['U1'] }],
      'ops/2024-01-01.json': TEXTS.map((text, i) => ({ type: 'message', ts: `170410320${i}.000100`, user: 'U1', text })),
    });
    const src = await openExport(dir);
    const report = await scanExport(src, { analyze: (t) => srv.ctx.privacy.analyze(t) }).finally(() => src.close());
    expect(preview).toEqual(EXPECTED);
    expect(guard).toEqual(EXPECTED);
    expect(report.byEntityType).toEqual({ IP_ADDRESS: 2, EMAIL_ADDRESS: 1, PHONE_NUMBER: 1 });
    expect(report.findings).toBe(4);
  });
});
