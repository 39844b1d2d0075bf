/**
 * Inputs of the real-input evaluation, read from `../shared/data` (formats in each SOURCE.md):
 * - labeled: presidio-synth (`synth_dataset_v2.json`, `generated_small.json`), Enron e-mail
 *   threads (`emailcoref-mentions.train.jsonl`, split into messages of at most 40,000 UTF-16
 *   code units at line breaks), every field report (`cases/field-reports.jsonl`);
 * - unlabeled: IRC (`chat/irc-ubuntu/{dev,new-domains}`) and SMS (`chat/sms-spam-collection`).
 * Upstream offsets are code points; they are converted to UTF-16 here. Every label is kept
 * (`type` null when it is not personal data for Enclave, see `eval/pii/entity-map.ts`): words
 * inside any label are left out of the over-protection count.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLabel } from '../pii/entity-map.ts';
import { codePointToUtf16 } from '../pii/offsets.ts';

/** One labeled span, UTF-16 offsets, end-exclusive. `type` null = labeled but not personal data. */
export interface Label {
  label: string;
  type: string | null;
  start: number;
  end: number;
}

/** One message to post, with its labels. */
export interface LabeledDoc {
  /** Unique key, also used as `clientMsgId` (≤ 64 chars). */
  key: string;
  dataset: 'presidio-synth' | 'enron' | 'field-reports';
  text: string;
  labels: Label[];
  /** Field reports only: the case itself. */
  report?: FieldReport;
}

/** A field report (semantics in `../shared/data/README.md`). */
export interface FieldReport {
  id: string;
  kind: string;
  text: string;
  expect: Array<{ type: string; value: string }>;
  must_not: string[];
  keep?: string[];
  generate?: { prefix: string; repeat: string; times: number; suffix: string; max_ms: number };
  scenario?: string;
}

/** Largest message the API accepts, UTF-16 code units. */
export const MAX_MESSAGE = 40_000;

/** Where the data folder is (`../shared/data` from the repository root) and whether it exists. */
export function dataDir(root: string): string | null {
  const d = join(root, '..', 'shared', 'data');
  return existsSync(join(d, 'README.md')) ? d : null;
}

function mapped(label: string): string | null {
  try {
    return mapLabel(label);
  } catch {
    return null;
  }
}

/** Labels re-anchored to their stated value when upstream offsets are off (one known record). */
function anchor(text: string, start: number, end: number, value: string): { start: number; end: number } | null {
  if (text.slice(start, end) === value) return { start, end };
  for (let d = 1; d <= 8; d++) for (const s of [start - d, start + d]) if (s >= 0 && text.startsWith(value, s)) return { start: s, end: s + value.length };
  return null;
}

/** presidio-synth records of one file. */
export function loadPresidio(dir: string, file: string, tag: string): LabeledDoc[] {
  const rows = JSON.parse(readFileSync(join(dir, 'pii/presidio-synth', file), 'utf8')) as Array<{
    full_text: string;
    spans: Array<{ entity_type: string; entity_value: string; start_position: number; end_position: number }>;
  }>;
  return rows.map((r, i) => {
    const cp = codePointToUtf16(r.full_text);
    const labels: Label[] = [];
    for (const s of r.spans) {
      const a = anchor(r.full_text, cp(s.start_position), cp(s.end_position), s.entity_value);
      if (a) labels.push({ label: s.entity_type, type: mapped(s.entity_type), ...a });
    }
    return { key: `${tag}-${i}`, dataset: 'presidio-synth' as const, text: r.full_text, labels };
  });
}

/**
 * Enron threads: every mention is a label; non-pronominal PER mentions → PERSON, e-mail mentions
 * → EMAIL_ADDRESS, others (pronouns, ORG, LOC, DIG) labeled with `type` null. Threads longer than
 * {@link MAX_MESSAGE} are split at line breaks; labels crossing a cut are moved whole to the
 * next part (the cut is placed before them).
 */
export function loadEnron(dir: string): LabeledDoc[] {
  const lines = readFileSync(join(dir, 'chat/enron-emailcoref/emailcoref-mentions.train.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  const out: LabeledDoc[] = [];
  for (const line of lines) {
    const r = JSON.parse(line) as { id: string; text: string; mentions: Array<{ start: number; end: number; text: string; type: string; pronominal: boolean; is_email: boolean }> };
    const cp = codePointToUtf16(r.text);
    const labels: Label[] = [];
    for (const m of r.mentions) {
      const a = anchor(r.text, cp(m.start), cp(m.end), m.text);
      if (!a) continue;
      const type = m.is_email ? 'EMAIL_ADDRESS' : m.type === 'PER' && !m.pronominal ? 'PERSON' : null;
      labels.push({ label: m.is_email ? 'EMAIL' : `${m.type}${m.pronominal ? ':pronoun' : ''}`, type, ...a });
    }
    labels.sort((a, b) => a.start - b.start);
    let from = 0;
    let part = 0;
    while (from < r.text.length) {
      let to = r.text.length;
      if (to - from > MAX_MESSAGE) {
        to = r.text.lastIndexOf('\n', from + MAX_MESSAGE);
        if (to <= from) to = from + MAX_MESSAGE;
        for (const l of labels) if (l.start < to && l.end > to) to = Math.min(to, l.start);
      }
      const text = r.text.slice(from, to);
      if (text.trim()) {
        const inPart = labels.filter((l) => l.start >= from && l.end <= to).map((l) => ({ ...l, start: l.start - from, end: l.end - from }));
        out.push({ key: `enron-${r.id}-${part++}`, dataset: 'enron', text, labels: inPart });
      }
      from = to;
      while (r.text[from] === '\n') from++;
    }
  }
  return out;
}

/**
 * Field reports. `expect` values are labels at every occurrence; a `generate` case is built at
 * the largest repeat count whose input fits in {@link MAX_MESSAGE} (noted in the report).
 */
export function loadFieldReports(dir: string): LabeledDoc[] {
  const rows = readFileSync(join(dir, 'cases/field-reports.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as FieldReport);
  return rows.map((r) => {
    let text = r.text;
    if (r.generate) {
      const g = r.generate;
      const times = Math.min(g.times, Math.floor((MAX_MESSAGE - g.prefix.length - g.suffix.length) / g.repeat.length));
      text = g.prefix + g.repeat.repeat(times) + g.suffix;
    }
    const labels: Label[] = [];
    for (const e of r.expect) {
      for (let at = text.indexOf(e.value); at >= 0; at = text.indexOf(e.value, at + 1)) {
        labels.push({ label: e.type, type: mapped(e.type) ?? e.type, start: at, end: at + e.value.length });
      }
    }
    labels.sort((a, b) => a.start - b.start);
    return { key: `case-${r.id}`, dataset: 'field-reports' as const, text, labels, report: { ...r, text } };
  });
}

/** An unlabeled real chat message. */
export interface ChatLine {
  key: string;
  source: 'irc-ubuntu' | 'sms';
  text: string;
}

/**
 * A deterministic sample of `n` unlabeled messages, half IRC (message text after `<nick>`; join
 * and part lines skipped) and half SMS, taken evenly spread over each source.
 */
export function loadUnlabeled(dir: string, n: number): ChatLine[] {
  const irc: string[] = [];
  for (const sub of ['dev', 'new-domains']) {
    const d = join(dir, 'chat/irc-ubuntu', sub);
    for (const f of readdirSync(d).filter((x) => x.endsWith('.txt')).sort()) {
      for (const line of readFileSync(join(d, f), 'utf8').split('\n')) {
        const m = /^(?:.*?\[[\d:]+\] )?<[^>]+> (.+)$/.exec(line);
        if (m?.[1]?.trim()) irc.push(m[1]);
      }
    }
  }
  const sms = readFileSync(join(dir, 'chat/sms-spam-collection/SMSSpamCollection.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.slice(l.indexOf('\t') + 1))
    .filter((t) => t.trim());
  const spread = (xs: string[], k: number): string[] => {
    if (k >= xs.length) return xs;
    const step = xs.length / k;
    return Array.from({ length: k }, (_, i) => xs[Math.floor(i * step)] as string);
  };
  const half = Math.ceil(n / 2);
  return [
    ...spread(irc, half).map((text, i) => ({ key: `irc-${i}`, source: 'irc-ubuntu' as const, text })),
    ...spread(sms, n - half).map((text, i) => ({ key: `sms-${i}`, source: 'sms' as const, text })),
  ];
}
