/**
 * Readers of the CC BY 4.0 training corpora (CoNLL-style `token<TAB>tag` files, blank line between
 * posts): the Broad Twitter Corpus train split (Derczynski, Bontcheva & Roberts, COLING 2016) and
 * the WNUT-2017 train split (Derczynski et al., W-NUT 2017). Used only by `scripts/train-person.ts`.
 */
import { readFileSync } from 'node:fs';
import { CLASS_LOC, CLASS_MISC, CLASS_ORG, CLASS_PER } from '../features.ts';

const CONLL_CLASSES: Record<string, number> = { PER: CLASS_PER, LOC: CLASS_LOC, ORG: CLASS_ORG, MISC: CLASS_MISC };

/** Entity class of a Broad Twitter Corpus label. */
export function btcClass(label: string): number | undefined {
  return CONLL_CLASSES[label];
}

/** Entity class of a WNUT-2017 label (`group` and `corporation` are organisations). */
export function wnutClass(label: string): number | undefined {
  switch (label) {
    case 'person': return CLASS_PER;
    case 'location': return CLASS_LOC;
    case 'corporation': case 'group': return CLASS_ORG;
    case 'product': case 'creative-work': return CLASS_MISC;
    default: return undefined;
  }
}

/**
 * An entity span: UTF-16 offsets (end-exclusive) and the tagger's entity class (`CLASS_PER`,
 * `CLASS_LOC`, `CLASS_ORG`, `CLASS_MISC` of `features.ts`; absent = PER).
 */
export type Span = [number, number, number?];

/** A training text with its entity spans. */
export interface Example {
  text: string;
  spans: Span[];
  /** True for real (not generated) text: its rare tokens never enter the vocabulary. */
  real: boolean;
}

/**
 * Reads a CoNLL file and rebuilds each post as text (tokens joined by one space; an `@` token is
 * glued to the next token, so Broad Twitter's split handles become one `@handle` that is *not*
 * an entity span — handles are USERNAME in Enclave).
 * @param classOf the tagger class of an entity label (`PER`/`LOC`/`ORG` in BTC, `person`,
 *   `location`, `corporation`, … in WNUT17), undefined for labels that are not learnt
 */
export function readConll(path: string, classOf: (label: string) => number | undefined): Example[] {
  const out: Example[] = [];
  let toks: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (toks.length === 0) return;
    let text = '';
    const spans: Span[] = [];
    let open = -1;
    let openEnd = -1;
    let openClass = -1;
    let glue = false;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      const tag = tags[i]!;
      if (text.length > 0 && !glue) text += ' ';
      const s = text.length;
      text += t;
      glue = t === '@';
      const isHandle = t === '@' || (i > 0 && toks[i - 1] === '@') || t.startsWith('@');
      const label = tag.length > 2 ? tag.slice(2) : '';
      const cls = label === '' || isHandle ? undefined : classOf(label);
      const begins = cls !== undefined && (tag.startsWith('B-') || open < 0 || cls !== openClass);
      if (open >= 0 && (cls === undefined || begins)) { spans.push([open, openEnd, openClass]); open = -1; }
      if (cls !== undefined) {
        if (open < 0) { open = s; openClass = cls; }
        openEnd = text.length;
      }
    }
    if (open >= 0) spans.push([open, openEnd, openClass]);
    out.push({ text, spans, real: true });
    toks = [];
    tags = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const l = line.replace(/\r$/, '');
    if (l.trim() === '') { flush(); continue; }
    const tab = l.lastIndexOf('\t');
    if (tab < 0) continue;
    toks.push(l.slice(0, tab));
    tags.push(l.slice(tab + 1).trim());
  }
  flush();
  return out;
}

/**
 * Reads the CoNLL-2003 English train split (`eng.train`: `token POS chunk NER` per line, IOB1
 * tags, `-DOCSTART-` lines between articles, blank line between sentences; Reuters text, research
 * use only — nothing of it is written anywhere, only the weights learnt from it). Each sentence
 * becomes tokens joined by one space with its PER, LOC, ORG and MISC spans.
 */
export function readConll2003(path: string): Example[] {
  const out: Example[] = [];
  let text = '';
  let spans: Span[] = [];
  let open = -1;
  let openEnd = -1;
  let openClass = -1;
  const close = (): void => {
    if (open >= 0) spans.push([open, openEnd, openClass]);
    open = -1;
  };
  const flush = (): void => {
    close();
    if (text.length > 0) out.push({ text, spans, real: true });
    text = '';
    spans = [];
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const cols = line.trim().split(' ');
    if (cols.length < 4 || cols[0] === '-DOCSTART-') { flush(); continue; }
    const tok = cols[0]!;
    const tag = cols[cols.length - 1]!;
    if (text.length > 0) text += ' ';
    const s = text.length;
    text += tok;
    const cls = tag.length > 2 ? CONLL_CLASSES[tag.slice(2)] : undefined;
    if (cls === undefined || tag.startsWith('B-') || cls !== openClass) close();
    if (cls !== undefined) {
      if (open < 0) { open = s; openClass = cls; }
      openEnd = text.length;
    }
  }
  flush();
  return out;
}

/**
 * Reads the derived Enron e-mail coreference train threads (`emailcoref-mentions.train.jsonl`,
 * Dakle, Desai & Moldovan, LREC 2020; Apache-2.0 annotations over the public Enron corpus): one
 * example per line of each thread, with the non-pronominal `PER` mentions that are not e-mail
 * addresses, the `ORG` mentions and the `LOC` mentions without digits (street addresses are not
 * places for the tagger) as spans.
 */
export function readEnronMentions(path: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const doc = JSON.parse(line) as {
      text: string;
      mentions: Array<{ start: number; end: number; type: string; pronominal: boolean; is_email: boolean }>;
    };
    const per = doc.mentions.filter((m) => !m.pronominal && !m.is_email && (m.type === 'PER' || m.type === 'ORG'
      || (m.type === 'LOC' && !/\d/.test(doc.text.slice(m.start, m.end)))));
    let from = 0;
    for (const piece of doc.text.split('\n')) {
      const to = from + piece.length;
      if (piece.trim().length > 0) {
        const spans = per.filter((m) => m.start >= from && m.end <= to)
          .map((m): Span => [m.start - from, m.end - from, m.type === 'PER' ? CLASS_PER : m.type === 'ORG' ? CLASS_ORG : CLASS_LOC]);
        out.push({ text: piece, spans, real: true });
      }
      from = to + 1;
    }
  }
  return out;
}
