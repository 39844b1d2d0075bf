/**
 * Readers of the CC BY 4.0 training corpora (CoNLL-style `token<TAB>tag` files, blank line between
 * posts): the Broad Twitter Corpus train split (Derczynski, Bontcheva & Roberts, COLING 2016) and
 * the WNUT-2017 train split (Derczynski et al., W-NUT 2017). Used only by `scripts/train-person.ts`.
 */
import { readFileSync } from 'node:fs';

/** A training text with its person-name spans (UTF-16 offsets, end-exclusive). */
export interface Example {
  text: string;
  spans: Array<[number, number]>;
  /** True for real (not generated) text: its rare tokens never enter the vocabulary. */
  real: boolean;
}

/**
 * Reads a CoNLL file and rebuilds each post as text (tokens joined by one space; an `@` token is
 * glued to the next token, so Broad Twitter's split handles become one `@handle` that is *not*
 * a person span — handles are USERNAME in Enclave).
 * @param personLabel the entity label of persons: `PER` (BTC) or `person` (WNUT17)
 */
export function readConll(path: string, personLabel: string): Example[] {
  const out: Example[] = [];
  let toks: string[] = [];
  let tags: string[] = [];
  const flush = (): void => {
    if (toks.length === 0) return;
    let text = '';
    const spans: Array<[number, number]> = [];
    let open = -1;
    let openEnd = -1;
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
      const isPer = label === personLabel && !isHandle;
      const begins = isPer && (tag.startsWith('B-') || open < 0);
      if (open >= 0 && (!isPer || begins)) { spans.push([open, openEnd]); open = -1; }
      if (isPer) {
        if (open < 0) open = s;
        openEnd = text.length;
      }
    }
    if (open >= 0) spans.push([open, openEnd]);
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
 * becomes tokens joined by one space with its `PER` spans.
 */
export function readConll2003(path: string): Example[] {
  const out: Example[] = [];
  let text = '';
  let spans: Array<[number, number]> = [];
  let open = -1;
  let openEnd = -1;
  const close = (): void => {
    if (open >= 0) spans.push([open, openEnd]);
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
    const isPer = tag.endsWith('-PER');
    if (!isPer || tag.startsWith('B-')) close();
    if (isPer) {
      if (open < 0) open = s;
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
 * addresses as spans.
 */
export function readEnronMentions(path: string): Example[] {
  const out: Example[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const doc = JSON.parse(line) as {
      text: string;
      mentions: Array<{ start: number; end: number; type: string; pronominal: boolean; is_email: boolean }>;
    };
    const per = doc.mentions.filter((m) => m.type === 'PER' && !m.pronominal && !m.is_email);
    let from = 0;
    for (const piece of doc.text.split('\n')) {
      const to = from + piece.length;
      if (piece.trim().length > 0) {
        const spans = per.filter((m) => m.start >= from && m.end <= to).map((m): [number, number] => [m.start - from, m.end - from]);
        out.push({ text: piece, spans, real: true });
      }
      from = to + 1;
    }
  }
  return out;
}
