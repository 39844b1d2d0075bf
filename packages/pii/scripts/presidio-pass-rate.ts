/**
 * Development aid: pass rate of our recognizers on Presidio's extracted test cases
 * (`../shared/data/pii/presidio-tests/cases.jsonl`) for the types this package's core implements,
 * plus the field reports. Spans are compared exactly after converting code-point offsets to UTF-16.
 * Usage: `npx tsx packages/pii/scripts/presidio-pass-rate.ts [--verbose]`. Not the official eval.
 */
import { readFileSync } from 'node:fs';
import { analyze } from '../src/index.ts';
import type { EntityType } from '../src/index.ts';

const DATA = new URL('../../../../shared/data/', import.meta.url);
const TYPES = new Set<string>(['EMAIL_ADDRESS', 'PHONE_NUMBER', 'IP_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'MAC_ADDRESS']);
const verbose = process.argv.includes('--verbose');

interface Case { entity: string; text: string; expected: number[][] | null; expected_count: number; score_min?: number }

function cpToUtf16(text: string, cp: number): number {
  let u = 0;
  let c = 0;
  for (const ch of text) {
    if (c === cp) return u;
    u += ch.length;
    c++;
  }
  return u;
}

const stats = new Map<string, { pass: number; total: number }>();
for (const line of readFileSync(new URL('pii/presidio-tests/cases.jsonl', DATA), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const c = JSON.parse(line) as Case;
  if (!TYPES.has(c.entity)) continue;
  // Presidio asserts score-0 results (e.g. US_SSN `078-051121`); a threshold-based engine cannot
  const expected = (c.expected ?? []).map(([s, e]) => [cpToUtf16(c.text, s!), cpToUtf16(c.text, e!)]);
  const got = analyze(c.text, { entities: [c.entity as EntityType] }).map((f) => [f.start, f.end]);
  const ok = c.expected === null ? got.length === c.expected_count : JSON.stringify(got) === JSON.stringify(expected);
  const st = stats.get(c.entity) ?? { pass: 0, total: 0 };
  st.total++;
  if (ok) st.pass++;
  stats.set(c.entity, st);
  if (!ok && verbose) console.log(`FAIL ${c.entity} ${JSON.stringify(c.text)} expected ${JSON.stringify(expected)} got ${JSON.stringify(got)}`);
}
for (const [t, s] of stats) console.log(`${t.padEnd(14)} ${s.pass}/${s.total} ${((100 * s.pass) / s.total).toFixed(1)}%`);

const MAP: Record<string, string> = { EMAIL: 'EMAIL_ADDRESS', PHONE: 'PHONE_NUMBER', IBAN: 'IBAN_CODE', IP: 'IP_ADDRESS' };
interface Report { id: string; text: string; expect: { type: string; value: string }[]; must_not: string[]; generate?: { prefix: string; repeat: string; times: number; suffix: string } }
for (const line of readFileSync(new URL('cases/field-reports.jsonl', DATA), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const r = JSON.parse(line) as Report;
  const text = r.generate ? r.generate.prefix + r.generate.repeat.repeat(r.generate.times) + r.generate.suffix : r.text;
  const t0 = performance.now();
  const got = analyze(text);
  const ms = performance.now() - t0;
  const values = got.map((f) => `${f.entityType}:${text.slice(f.start, f.end)}`);
  const want = r.expect.filter((e) => e.type !== 'PERSON').map((e) => `${MAP[e.type] ?? e.type}:${e.value}`);
  const missing = want.filter((w) => !values.includes(w));
  const bad = got.filter((f) => r.must_not.includes(text.slice(f.start, f.end)) && !want.includes(`${f.entityType}:${text.slice(f.start, f.end)}`));
  const extra = got.filter((f) => f.entityType !== 'PERSON' && !want.includes(`${f.entityType}:${text.slice(f.start, f.end)}`));
  const ok = missing.length === 0 && bad.length === 0 && extra.length === 0;
  console.log(`${ok ? 'PASS' : 'FAIL'} ${r.id} (${ms.toFixed(1)} ms)${ok ? '' : ` missing=${JSON.stringify(missing)} extra=${JSON.stringify(extra.map((f) => `${f.entityType}:${text.slice(f.start, f.end)}`))}`}`);
}
