/**
 * Loaders for the character-offset datasets: presidio-synth (`synth_dataset_v2.json`,
 * `generated_small.json`) and Enron e-mail coreference (`emailcoref-mentions.train.jsonl`).
 * Formats: `../shared/data/pii/presidio-synth/SOURCE.md`, `../shared/data/chat/enron-emailcoref/SOURCE.md`.
 * Upstream offsets are code points; they are converted to UTF-16 here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityType } from '@enclave/pii';
import { mapLabel } from './entity-map.ts';
import { codePointToUtf16 } from './offsets.ts';
import type { Dataset, EvalDoc, Span } from './types.ts';

interface SynthRecord {
  full_text: string;
  spans: Array<{ entity_type: string; entity_value: string; start_position: number; end_position: number }>;
}

interface EnronRecord {
  id: string;
  text: string;
  mentions: Array<{ start: number; end: number; text: string; type: string; pronominal: boolean; is_email: boolean }>;
}

/**
 * Converts a code-point span to UTF-16 and checks it against the stated value. When the text
 * under the offsets differs from `value`, the nearest occurrence of `value` within 8 code
 * units is used instead (upstream has one such off-by-one record); returns `null` when none.
 */
export function anchorSpan(
  text: string,
  toUtf16: (cp: number) => number,
  cpStart: number,
  cpEnd: number,
  value: string | undefined,
): { start: number; end: number; reanchored: boolean } | null {
  const start = toUtf16(cpStart);
  const end = toUtf16(cpEnd);
  if (value === undefined || text.slice(start, end) === value) return { start, end, reanchored: false };
  let best = -1;
  for (let d = 0; d <= 8 && best < 0; d++) {
    for (const s of [start - d, start + d]) {
      if (s >= 0 && text.startsWith(value, s)) {
        best = s;
        break;
      }
    }
  }
  return best < 0 ? null : { start: best, end: best + value.length, reanchored: true };
}

/** presidio-synth file → dataset scored on every mapped label present in it. */
export function loadPresidioSynth(dataDir: string, file: string, id: string): Dataset {
  const records = JSON.parse(readFileSync(join(dataDir, 'pii/presidio-synth', file), 'utf8')) as SynthRecord[];
  const scored = new Set<EntityType>();
  const ignored = new Map<string, number>();
  let reanchored = 0;
  let dropped = 0;
  const docs: EvalDoc[] = records.map((r, i) => {
    const toUtf16 = codePointToUtf16(r.full_text);
    const gold: Span[] = [];
    for (const s of r.spans) {
      const type = mapLabel(s.entity_type);
      if (!type) {
        ignored.set(s.entity_type, (ignored.get(s.entity_type) ?? 0) + 1);
        continue;
      }
      const a = anchorSpan(r.full_text, toUtf16, s.start_position, s.end_position, s.entity_value);
      if (!a) {
        dropped++;
        continue;
      }
      if (a.reanchored) reanchored++;
      scored.add(type);
      gold.push({ type, start: a.start, end: a.end });
    }
    return { id: `${id}#${i}`, text: r.full_text, gold };
  });
  const notes = [`ignored labels: ${[...ignored].map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`];
  if (reanchored) notes.push(`${reanchored} gold span(s) re-anchored to their stated value (upstream offset error)`);
  if (dropped) notes.push(`${dropped} gold span(s) dropped: value not found near its offsets`);
  return { id, title: `presidio-synth/${file}`, scored: [...scored].sort(), docs, notes };
}

/**
 * Enron threads: non-pronominal PER mentions that are not e-mail addresses → PERSON;
 * mentions that are e-mail addresses (of people or organisations) → EMAIL_ADDRESS.
 * Phone numbers, ORG, LOC (which mixes places and street addresses) and DIG are not scored:
 * upstream does not annotate them consistently (SOURCE.md, "Caveats").
 */
export function loadEnron(dataDir: string): Dataset {
  const path = join(dataDir, 'chat/enron-emailcoref/emailcoref-mentions.train.jsonl');
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '');
  let pronouns = 0;
  let lowercase = 0;
  const docs: EvalDoc[] = lines.map((line) => {
    const r = JSON.parse(line) as EnronRecord;
    const toUtf16 = codePointToUtf16(r.text);
    const gold: Span[] = [];
    for (const m of r.mentions) {
      let type: EntityType | null = null;
      if (m.is_email) type = 'EMAIL_ADDRESS';
      else if (mapLabel(m.type) === 'PERSON') {
        if (m.pronominal) pronouns++;
        else type = 'PERSON';
      }
      if (!type) continue;
      const a = anchorSpan(r.text, toUtf16, m.start, m.end, m.text);
      if (!a) continue;
      if (type === 'PERSON' && !/\p{Lu}/u.test(m.text)) lowercase++;
      gold.push({ type, start: a.start, end: a.end });
    }
    return { id: r.id, text: r.text, gold };
  });
  return {
    id: 'enron',
    title: 'enron-emailcoref (train threads)',
    scored: ['PERSON', 'EMAIL_ADDRESS'],
    docs,
    notes: [
      `PERSON = non-pronominal PER mentions that are not e-mail addresses (${pronouns} pronominal PER mentions left out); EMAIL_ADDRESS = mentions flagged is_email`,
      `PERSON gold includes nominal mentions that are not names ("the director", "additional people"): ${lowercase} have no capital letter; names are often "Last , First"`,
      'text is tokenised upstream (tokens joined by spaces, e.g. "( 403 ) 509 - 7470"); phones/ORG/LOC not scored (not annotated consistently)',
    ],
  };
}
