/**
 * Token-per-line NER files (CoNLL-2003, Broad Twitter Corpus, WNUT-17) → texts with
 * character-offset gold spans.
 *
 * Format (CoNLL-2003 shared task, https://aclanthology.org/W03-0419/): one token per line,
 * fields separated by whitespace or tabs, the token first and the NER tag last; a blank line
 * ends a sentence; `-DOCSTART-` lines are skipped. Tags may be IOB1 (CoNLL-2003: `I-X` opens
 * an entity unless the previous tag was of type X; `B-X` only separates two adjacent X) or
 * IOB2/BIO (BTC, WNUT: `B-X` opens). One reader handles both: an entity opens at `B-X`, or at
 * `I-X` whose previous tag is not of type X; it continues at `I-X` after a tag of type X.
 *
 * The text is rebuilt by joining tokens with one space (as the dataset cards recommend);
 * `glue` lets a dataset join two tokens without the space (BTC: `@` + handle).
 */

/** One token with its tag. */
export interface Token {
  text: string;
  tag: string;
}

/** An entity over token indices, `[first, last]` inclusive. */
export interface TokenEntity {
  label: string;
  first: number;
  last: number;
}

/** A rebuilt sentence: text, token offsets (UTF-16) and entities with character spans. */
export interface ConllSentence {
  text: string;
  tokens: Token[];
  /** `[start, end)` of each token in `text`, UTF-16 code units. */
  offsets: Array<[number, number]>;
  entities: Array<TokenEntity & { start: number; end: number }>;
}

/** Splits the file into sentences of tokens. Lines with one field get tag `O`. */
export function parseConll(content: string): Token[][] {
  const sentences: Token[][] = [];
  let cur: Token[] = [];
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') {
      if (cur.length) sentences.push(cur);
      cur = [];
      continue;
    }
    const fields = line.split(/\s+/);
    const text = fields[0] ?? '';
    if (text === '-DOCSTART-') continue;
    cur.push({ text, tag: fields.length > 1 ? (fields[fields.length - 1] ?? 'O') : 'O' });
  }
  if (cur.length) sentences.push(cur);
  return sentences;
}

function splitTag(tag: string): { prefix: string; label: string } | null {
  const m = /^([BIES])-(.+)$/.exec(tag);
  return m ? { prefix: m[1] ?? 'I', label: m[2] ?? '' } : null;
}

/** Groups tags into entities (IOB1 and IOB2 both accepted, see the module comment). */
export function tokenEntities(tokens: readonly Token[]): TokenEntity[] {
  const out: TokenEntity[] = [];
  let open: TokenEntity | null = null;
  let prevLabel: string | null = null;
  tokens.forEach((t, i) => {
    const tag = splitTag(t.tag);
    if (!tag) {
      open = null;
      prevLabel = null;
      return;
    }
    const continues = tag.prefix === 'I' && prevLabel === tag.label && open !== null;
    if (continues && open) {
      open.last = i;
    } else {
      open = { label: tag.label, first: i, last: i };
      out.push(open);
    }
    prevLabel = tag.label;
  });
  return out;
}

/**
 * Rebuilds the sentence text and character spans.
 * `glue(prev, next)` returns true when no space goes between two tokens.
 */
export function rebuildSentence(
  tokens: readonly Token[],
  glue: (prev: Token, next: Token) => boolean = () => false,
): ConllSentence {
  let text = '';
  const offsets: Array<[number, number]> = [];
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    if (prev && !glue(prev, t)) text += ' ';
    const start = text.length;
    text += t.text;
    offsets.push([start, text.length]);
  });
  const entities = tokenEntities(tokens).map((e) => ({
    ...e,
    start: offsets[e.first]?.[0] ?? 0,
    end: offsets[e.last]?.[1] ?? 0,
  }));
  return { text, tokens: [...tokens], offsets, entities };
}
