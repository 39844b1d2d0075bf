import { describe, expect, it } from 'vitest';
import { KnownSubjectIndex } from './index.ts';
import { analyze } from '../analyzer.ts';

const KEY = 'test-key-0123456789abcdef';

function build(): KnownSubjectIndex {
  const idx = new KnownSubjectIndex(KEY);
  idx.registerKnownValues('subj-1', ['Jane Q. Doe', 'jane@example.com', '+1 201-555-0147', 'jdoe_77']);
  idx.registerKnownValues('subj-2', ['192.0.2.44', '020 7946 0018']);
  return idx;
}
const hits = (idx: KnownSubjectIndex, t: string): string[] => idx.match(t).map((r) => `${r.subjectId}:${t.slice(r.start, r.end)}`);

describe('KnownSubjectIndex', () => {
  it('finds registered names, e-mails, usernames, IPs and phones in one pass', () => {
    const idx = build();
    const t = 'ask Jane Q. Doe (jane@example.com, jdoe_77) from 192.0.2.44 or call 201 555 0147.';
    expect(hits(idx, t)).toEqual(['subj-1:Jane Q. Doe', 'subj-1:jane@example.com', 'subj-1:jdoe_77', 'subj-2:192.0.2.44', 'subj-1:201 555 0147']);
  });
  it('matches through case, zero-width characters, full-width forms and phone punctuation', () => {
    const idx = build();
    expect(hits(idx, 'JANE@EXAMPLE.COM')).toEqual(['subj-1:JANE@EXAMPLE.COM']);
    const zw = 'ja\u200Bne@example.com';
    const found = analyze(`mail ${zw}`, { knownSubjects: idx, entities: ['KNOWN_SUBJECT'] });
    expect(found.map((f) => [f.subjectId, `mail ${zw}`.slice(f.start, f.end)])).toEqual([['subj-1', zw]]);
    const fw = '\uFF4A\uFF44\uFF4F\uFF45_\uFF17\uFF17';
    expect(analyze(`user ${fw}`, { knownSubjects: idx, entities: ['KNOWN_SUBJECT'] }).map((f) => f.subjectId)).toEqual(['subj-1']);
    expect(hits(idx, 'ring (020) 7946-0018 or +44 20 7946 0018')).toEqual(['subj-2:(020) 7946-0018', 'subj-2:+44 20 7946 0018']);
  });
  it('does not match other or partial values', () => {
    const idx = build();
    expect(hits(idx, 'Jane Doe, jane@example.org, jdoe_78, 192.0.2.4, 201 555 0148')).toEqual([]);
  });
  it('wins conflicts in the analyzer with score 1.0', () => {
    const f = analyze('mail jane@example.com', { knownSubjects: build(), entities: ['KNOWN_SUBJECT', 'EMAIL_ADDRESS', 'PERSON', 'USERNAME'] });
    expect(f.map((x) => [x.entityType, x.score, x.subjectId])).toEqual([['KNOWN_SUBJECT', 1, 'subj-1']]);
  });
  it('serializes without plaintext and loads with the same key only', () => {
    const idx = build();
    const bytes = idx.serialize();
    const ascii = Buffer.from(bytes).toString('latin1');
    for (const plain of ['jane', 'example', '2015550147', '192.0.2.44', 'jdoe']) expect(ascii.includes(plain)).toBe(false);
    const back = KnownSubjectIndex.load(KEY, bytes);
    expect(hits(back, 'from jane@example.com')).toEqual(['subj-1:jane@example.com']);
    back.registerKnownValues('subj-3', ['Richard Roe']);
    expect(hits(back, 'Richard Roe and jdoe_77')).toEqual(['subj-3:Richard Roe', 'subj-1:jdoe_77']);
    expect(() => KnownSubjectIndex.load('another-key-0123456789', bytes)).toThrow(/wrong key/);
    expect(() => KnownSubjectIndex.load(KEY, bytes.subarray(0, bytes.length - 3))).toThrow(/corrupt/);
  });
  it('adds values registered after matching began without rebuilding the index (one intake at a time)', () => {
    const idx = new KnownSubjectIndex(KEY);
    for (let i = 0; i < 5000; i++) idx.registerKnownValues(`old-${i}`, [`old${i}@example.com`, `Olda Person${i}`]);
    expect(hits(idx, 'mail old7@example.com')).toEqual(['old-7:old7@example.com']);
    expect(idx.rebuilds).toBe(1);
    for (let i = 0; i < 50; i++) {
      idx.registerKnownValues(`new-${i}`, [`new${i}@example.com`, `Newa Person${i}`, `+1 201-555-01${String(i).padStart(2, '0')}`]);
      const t = `new${i}@example.com is Newa Person${i}, call 201 555 01${String(i).padStart(2, '0')}; also old${i}@example.com`;
      expect(hits(idx, t)).toEqual([`new-${i}:new${i}@example.com`, `new-${i}:Newa Person${i}`, `new-${i}:201 555 01${String(i).padStart(2, '0')}`, `old-${i}:old${i}@example.com`]);
    }
    expect(idx.rebuilds).toBe(1);
    expect(hits(idx, 'new51@example.com, Newa Person51')).toEqual([]);
    // serializing merges the incrementally added values: they survive a load
    const back = KnownSubjectIndex.load(KEY, idx.serialize());
    expect(hits(back, 'new3@example.com and old3@example.com')).toEqual(['new-3:new3@example.com', 'old-3:old3@example.com']);
  });
  it('rejects short keys', () => {
    expect(() => new KnownSubjectIndex('short')).toThrow();
  });
  it('holds 1,000,000 values in under 100 MB of typed arrays (size computation)', () => {
    // 24 bytes per value (two 32-bit fingerprint words, subject index, two prefilter hashes,
    // first-token hash) plus a power-of-two prefilter of at least 32 bits per value
    const n = 1_000_000;
    let bloomBits = 1 << 16;
    while (bloomBits < n * 32) bloomBits *= 2;
    const bytes = n * 24 + bloomBits / 8;
    expect(bytes).toBeLessThan(100 * 1024 * 1024);
    // and the same formula describes a real index
    const idx = new KnownSubjectIndex(KEY);
    const values = Array.from({ length: 5000 }, (_, i) => `user${i}@example.com`);
    idx.registerKnownValues('bulk', values);
    let bits = 1 << 16;
    while (bits < 5000 * 32) bits *= 2;
    expect(idx.byteSize()).toBe(5000 * 24 + bits / 8);
  });
});

describe('KnownSubjectIndex supporting values', () => {
  it('reports a supporting value only within 300 characters of a primary match of the same subject', () => {
    const idx = new KnownSubjectIndex(KEY);
    idx.registerKnownValues('subj-1', ['Jane Doe', 'jane@example.com']);
    idx.registerSupportingValues('subj-1', ['Germany', 'Jane']);
    idx.registerKnownValues('subj-2', ['bob@example.com']);
    expect(hits(idx, 'Germany won the match')).toEqual([]);
    expect(hits(idx, 'Jane Doe, from Germany')).toEqual(['subj-1:Jane Doe', 'subj-1:Germany']);
    expect(hits(idx, `jane@example.com ${'x'.repeat(400)} Germany`)).toEqual(['subj-1:jane@example.com']);
    expect(hits(idx, 'bob@example.com lives in Germany')).toEqual(['subj-2:bob@example.com']);
    expect(hits(idx, 'ask Jane at jane@example.com')).toEqual(['subj-1:Jane', 'subj-1:jane@example.com']);
  });
});

describe('KnownSubjectIndex: supporting values of the subjects in scope, values shared by subjects', () => {
  it('reports a supporting value alone for the subjects given (their case room), not for others', () => {
    const idx = new KnownSubjectIndex(KEY);
    idx.registerKnownValues('subj-1', ['jane@example.com']);
    idx.registerSupportingValues('subj-1', ['Germany', '1990-04-12']);
    idx.registerKnownValues('subj-2', ['bob@example.com']);
    idx.registerSupportingValues('subj-2', ['Lisbon']);
    const inRoom = (t: string): string[] => idx.match(t, { supportingSubjects: new Set(['subj-1']) }).map((r) => `${r.subjectId}:${t.slice(r.start, r.end)}`);
    expect(inRoom('she moved to Germany, born 1990-04-12')).toEqual(['subj-1:Germany', 'subj-1:1990-04-12']);
    expect(inRoom('he moved to Lisbon')).toEqual([]);
    expect(hits(idx, 'she moved to Germany, born 1990-04-12')).toEqual([]);
    const found = analyze('she moved to Germany', { knownSubjects: idx, supportingSubjects: ['subj-1'], entities: ['KNOWN_SUBJECT'] });
    expect(found.map((f) => f.subjectId)).toEqual(['subj-1']);
    expect(analyze('she moved to Germany', { knownSubjects: idx, entities: ['KNOWN_SUBJECT'] })).toEqual([]);
  });

  it('names every subject a shared value belongs to, in one result', () => {
    const idx = new KnownSubjectIndex(KEY);
    idx.registerKnownValues('subj-1', ['shared@example.com', '+1 201-555-0147']);
    idx.registerKnownValues('subj-2', ['shared@example.com', 'two@example.com']);
    idx.registerKnownValues('subj-3', ['+1 201-555-0147']);
    // one result per value, whatever the number of subjects
    for (const r of [idx.match('mail SHARED@example.com'), idx.match('call 201 555 0147')]) expect(r).toHaveLength(1);
    expect(idx.match('mail SHARED@example.com')[0]).toMatchObject({ subjectId: 'subj-1', subjectIds: ['subj-1', 'subj-2'] });
    expect(idx.match('call 201 555 0147')[0]).toMatchObject({ subjectId: 'subj-1', subjectIds: ['subj-1', 'subj-3'] });
    expect(idx.match('two@example.com')[0]?.subjectIds).toBeUndefined();
    // registered after matching began (incremental path, the `recent` map)
    idx.registerKnownValues('subj-4', ['shared@example.com']);
    expect(idx.match('mail shared@example.com')[0]?.subjectIds).toEqual(['subj-1', 'subj-2', 'subj-4']);
    const f = analyze('mail shared@example.com', { knownSubjects: idx, entities: ['KNOWN_SUBJECT'] });
    expect(f.map((x) => x.subjectIds)).toEqual([['subj-1', 'subj-2', 'subj-4']]);
    // a supporting value near a shared primary value belongs to the subjects that have it
    idx.registerSupportingValues('subj-2', ['Portugal']);
    expect(idx.match('shared@example.com from Portugal')[1]).toMatchObject({ subjectId: 'subj-2' });
  });
});
