import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { KnownSubjectIndex, analyze } from '@enclave/pii';
import { SMALL_EXPORT_EXPECTED as X, smallExport, writeExportFolder, writeZip, zipEntriesOf } from '../../test/slack-export-fixture.ts';
import { renderExposureHtml } from './exposure-html.ts';
import { scanExport } from './scan-export.ts';
import { openExport } from './slack-source.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'enclave-slack-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function reportOf(path: string) {
  const src = await openExport(path);
  try {
    return await scanExport(src, { analyze: (t) => analyze(t) });
  } finally {
    await src.close();
  }
}

describe('exposure report of a synthetic export', () => {
  it('counts the planted personal data exactly, staff names and mentions exempt', async () => {
    writeExportFolder(dir, smallExport());
    const r = await reportOf(dir);
    expect(r.messages).toBe(X.messages);
    expect(r.findings).toBe(X.findings);
    expect(r.byEntityType).toEqual(X.byEntityType);
    expect(r.exposure).toBe(X.exposure);
    const general = r.channels.find((c) => c.name === 'general');
    const caseOps = r.channels.find((c) => c.name === 'case-ops');
    expect(general).toMatchObject({ private: false, ...X.general });
    expect(caseOps).toMatchObject({ private: true, ...X.caseOps });
    expect(r.sharedValues).toEqual([{ entityType: 'EMAIL_ADDRESS', masked: expect.stringMatching(/^▪+om$/u) as unknown, channels: 2, readers: 3 }]);
    expect(r.authors.find((a) => a.id === 'U1')).toMatchObject({ findings: 2 });
  });

  it('reports a malformed day file, an unknown subtype and a missing user, and goes on', async () => {
    writeExportFolder(dir, smallExport());
    const r = await reportOf(dir);
    expect(r.problems.malformedDayFiles).toEqual(['general/2024-01-03.json']);
    expect(r.problems.unknownSubtypes).toEqual({ fancy_new_thing: 1 });
    expect(r.problems.missingUsers).toBe(1);
  });

  it('reads the same export from a zip (inside a top folder) with the same numbers', async () => {
    const zip = join(dir, 'export.zip');
    writeZip(zip, zipEntriesOf(smallExport(), 'My Workspace Slack export/'));
    const r = await reportOf(zip);
    expect([r.messages, r.findings, r.exposure]).toEqual([X.messages, X.findings, X.exposure]);
  });

  it('writes no raw value into exposure.json or exposure.html', async () => {
    writeExportFolder(dir, smallExport());
    const r = await reportOf(dir);
    const out = JSON.stringify(r) + renderExposureHtml(r);
    for (const raw of ['jane.roe@example.com', 'jane.roe', '202-555-0147', '555-0147', '192.0.2.44', 'Alice Example', 'Bob Sample']) expect(out).not.toContain(raw);
    expect(out).toContain('<svg');
  });

  it('counts values of registered data subjects per subject, masked', async () => {
    writeExportFolder(dir, smallExport());
    const known = new KnownSubjectIndex(randomBytes(32));
    known.registerKnownValues('subj-1', ['jane.roe@example.com']);
    const src = await openExport(dir);
    const r = await scanExport(src, { analyze: (t) => analyze(t, { knownSubjects: known }), isKnownValue: (v) => known.match(v).length > 0 });
    await src.close();
    expect(r.subjects).toEqual([{ subjectId: 'subj-1', findings: 2, masked: expect.stringMatching(/^▪+om$/u) as unknown }]);
    expect(r.findings).toBe(X.findings);
    expect(JSON.stringify(r)).not.toContain('jane.roe');
  });
});
