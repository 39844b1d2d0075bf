import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConll, rebuildSentence } from './conll.ts';
import { loadBtcDev } from './load-conll-sets.ts';

const IOB1 = `-DOCSTART- -X- O O

West NNP I-NP I-MISC
Indian NNP I-NP I-MISC
Phil NNP I-NP I-PER
Simmons NNP I-NP I-PER
met VBD I-VP O
Jan NNP I-NP I-PER
Roe NNP I-NP B-PER
. . O O

LONDON NNP I-NP I-LOC
`;

describe('CoNLL reconstruction', () => {
  it('rebuilds text with single spaces and character spans (IOB1, B- splits adjacent entities)', () => {
    const sentences = parseConll(IOB1);
    expect(sentences).toHaveLength(2);
    const s = rebuildSentence(sentences[0] ?? []);
    expect(s.text).toBe('West Indian Phil Simmons met Jan Roe .');
    const spans = s.entities.map((e) => [e.label, s.text.slice(e.start, e.end)]);
    expect(spans).toEqual([
      ['MISC', 'West Indian'],
      ['PER', 'Phil Simmons'],
      ['PER', 'Jan'],
      ['PER', 'Roe'],
    ]);
  });

  it('reads BIO with tabs and glues tokens when asked', () => {
    const s = rebuildSentence(parseConll('@\tB-PER\ncolgo\tB-PER\nhey\tO\nAnna\tB-person\nLee\tI-person\n')[0] ?? [], (p) => p.text === '@');
    expect(s.text).toBe('@colgo hey Anna Lee');
    expect(s.entities.map((e) => s.text.slice(e.start, e.end))).toEqual(['@', 'colgo', 'Anna Lee']);
  });
});

describe('Broad Twitter loader', () => {
  it('turns every handle into one USERNAME span and keeps handles out of PERSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'btc-'));
    mkdirSync(join(dir, 'names/broad-twitter-corpus'), { recursive: true });
    writeFileSync(
      join(dir, 'names/broad-twitter-corpus/btc.dev.conll'),
      '@\tB-PER\nkim_lee\tB-PER\nmet\tO\nJane\tB-PER\nRoe\tI-PER\nin\tO\nLeeds\tB-LOC\n@someshop\tO\n\n',
    );
    const ds = loadBtcDev(dir);
    const doc = ds.docs[0];
    expect(doc?.text).toBe('@kim_lee met Jane Roe in Leeds @someshop');
    const got = (doc?.gold ?? []).map((g) => [g.type, doc?.text.slice(g.start, g.end)]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['USERNAME', '@kim_lee'],
        ['USERNAME', '@someshop'],
        ['PERSON', 'Jane Roe'],
        ['LOCATION', 'Leeds'],
      ]),
    );
    expect(got).toHaveLength(4);
  });
});
