/**
 * Greedy left-to-right BIO tagging with an averaged-perceptron weight table
 * (Collins 2002, https://aclanthology.org/W02-1001/; greedy decoding as in Honnibal's
 * "A good part-of-speech tagger in about 200 lines of Python", 2013).
 * Only the windows that `screen.ts` picks are tokenized; tokens there that fail the cheap
 * candidate test ({@link isCandidate}) are tagged O without scoring.
 */
import * as features from './features.ts';
import type { PersonModel } from './model.ts';
import * as lexicon from './lexicon.ts';
import * as tk from './tokenizer.ts';
import { screenTokens } from './screen.ts';

// Local copies: imported bindings may compile to property getters (CommonJS interop), too slow per token.
const { MAX_FEATURES, N_TAGS, N_CLASSES, Sentence, TAG_B, TAG_I, TAG_O, TAG_B_LOC, TAG_I_LOC } = features;
const dynamicFeatures = features.dynamicFeatures;
const isCandidate = features.isCandidate;
const staticFeatures = features.staticFeatures;
const L_TITLE = lexicon.LexFlag.TITLE;
const L_NOT_ALONE = lexicon.LexFlag.COMMON10 | lexicon.LexFlag.COMMON20 | lexicon.LexFlag.NOT_NAME | lexicon.LexFlag.TITLE;
const K_WORD = tk.K_WORD;
const K_PUNCT = tk.K_PUNCT;
const SH_CAP1 = tk.SH_CAP1;
const SH_LOWER = tk.SH_LOWER;
const SH_TITLE = tk.SH_TITLE;
const SH_UPPER = tk.SH_UPPER;
const SH_CAPMIX = tk.SH_CAPMIX;
const F_NEWLINE_BEFORE = tk.F_NEWLINE_BEFORE;
const MODE_UPPER = features.MODE_UPPER;
const MODE_LOWER = features.MODE_LOWER;
const Tokens = tk.Tokens;

/** A name found by the tagger: UTF-16 offsets (end-exclusive) and a 0..1 score. */
export interface NameSpan {
  start: number;
  end: number;
  score: number;
}

/** Reusable working memory of one tagger (not shared between concurrent calls). */
export class TaggerState {
  readonly tokens = new Tokens(512);
  readonly sentence = new Sentence();
  readonly feats = new Uint32Array(MAX_FEATURES);
  /** PERSON tags (O, B, I) after decoding: other classes are O here. */
  tags = new Uint8Array(512);
  /** Decoded tags of every class (see `features.ts`). */
  full = new Uint8Array(512);
  margins = new Float32Array(512);
  readonly scores = new Float64Array(N_TAGS);
}

/** Names and places found by {@link findEntities}. */
export interface TaggedEntities {
  names: NameSpan[];
  places: NameSpan[];
}

/**
 * Sums the weight rows of `k` features into `scores` (length N_TAGS), times `quantum`.
 * `weights` is the model's Int16Array at run time, or the trainer's Float64Array.
 */
export function score(weights: Int16Array | Float64Array, bits: number, quantum: number, feats: Uint32Array, k: number, scores: Float64Array): void {
  const w = weights;
  const mask = (1 << bits) - 1;
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0, s8 = 0;
  for (let j = 0; j < k; j++) {
    const r = (feats[j]! & mask) * 9;
    s0 += w[r]!;
    s1 += w[r + 1]!;
    s2 += w[r + 2]!;
    s3 += w[r + 3]!;
    s4 += w[r + 4]!;
    s5 += w[r + 5]!;
    s6 += w[r + 6]!;
    s7 += w[r + 7]!;
    s8 += w[r + 8]!;
  }
  scores[0] = s0 * quantum;
  scores[1] = s1 * quantum;
  scores[2] = s2 * quantum;
  scores[3] = s3 * quantum;
  scores[4] = s4 * quantum;
  scores[5] = s5 * quantum;
  scores[6] = s6 * quantum;
  scores[7] = s7 * quantum;
  scores[8] = s8 * quantum;
}

/**
 * Best tag given the scores and the previous tag, with the BIO constraint: I-class only continues
 * a B- or I- of the same class. Ties go to O, then B over I.
 */
export function decide(sc: Float64Array, prev: number): number {
  const prevClass = prev === TAG_O ? -1 : (prev - 1) >> 1;
  let best = TAG_O;
  let bestScore = sc[TAG_O]!;
  for (let c = 0; c < N_CLASSES; c++) {
    const b = 1 + 2 * c;
    if (sc[b]! > bestScore || (best === b + 1 && sc[b]! >= bestScore)) { best = b; bestScore = sc[b]!; }
    if (c === prevClass && sc[b + 1]! > bestScore) { best = b + 1; bestScore = sc[b + 1]!; }
  }
  return best;
}

/**
 * The previous tag as far as the BIO constraint of {@link decide} goes: an entity never continues
 * across a line break (a name at the end of one line and a word at the start of the next are two
 * things: "From: Doe, Jane⏎X-To: …", a signature's "Greg⏎Greg Wooten"), so a token that opens a
 * line may only begin one.
 */
export function constrainedPrev(tok: InstanceType<typeof Tokens>, i: number, prev: number): number {
  return (tok.flags[i]! & F_NEWLINE_BEFORE) !== 0 ? TAG_O : prev;
}

/** Tags the already tokenized and prepared text in `st`; fills `st.tags` and `st.margins`. */
export function tagPrepared(text: string, model: PersonModel, st: TaggerState): void {
  const tok = st.tokens;
  const n = tok.count;
  if (st.tags.length < n) {
    st.tags = new Uint8Array(n * 2);
    st.full = new Uint8Array(n * 2);
    st.margins = new Float32Array(n * 2);
  }
  const tags = st.tags;
  const full = st.full;
  let prev = TAG_O, prev2 = TAG_O;
  const kinds = tok.kind;
  for (let i = 0; i < n; i++) {
    let t = TAG_O;
    let margin = 0;
    const kind = kinds[i]!;
    if ((kind === K_WORD || (kind === K_PUNCT && prev !== TAG_O)) && isCandidate(tok, st.sentence, i, prev)) {
      let k = staticFeatures(text, tok, st.sentence, i, st.feats);
      k = dynamicFeatures(st.sentence, tok, i, prev, prev2, st.feats, k);
      score(model.weights, model.weightBits, model.quantum, st.feats, k, st.scores);
      t = decide(st.scores, constrainedPrev(tok, i, prev));
      margin = t === TAG_O ? 0 : st.scores[t]! - st.scores[TAG_O]!;
    }
    full[i] = t;
    tags[i] = t === TAG_B || t === TAG_I ? t : TAG_O;
    st.margins[i] = margin;
    prev2 = prev;
    prev = t;
  }
}

/**
 * Finds person names in `text`.
 * @returns spans sorted by start, non-overlapping; offsets are UTF-16 code units
 */
export function findNames(text: string, model: PersonModel, st: TaggerState = new TaggerState()): NameSpan[] {
  return findEntities(text, model, st).names;
}

const NO_ENTITIES: TaggedEntities = { names: [], places: [] };

/**
 * Finds person names and places (LOCATION) in `text` with one tagger pass.
 * @returns spans sorted by start, non-overlapping within each list and between the lists;
 *   offsets are UTF-16 code units; scores 0..1 as for names
 */
export function findEntities(text: string, model: PersonModel, st: TaggerState = new TaggerState()): TaggedEntities {
  const tok = st.tokens;
  if (screenTokens(text, model.lexicon, tok) === 0) return NO_ENTITIES;
  st.sentence.prepare(tok, model.lexicon);
  tagPrepared(text, model, st);
  completeNames(st, text);
  const out: NameSpan[] = [];
  const n = tok.count;
  const tags = st.tags;
  let i = 0;
  while (i < n) {
    if (tags[i] !== TAG_B) { i++; continue; }
    let j = i + 1;
    while (j < n && tags[j] === TAG_I) j++;
    // no trailing punctuation, except the period of a final initial ("Phillip K.")
    while (j > i + 1 && tok.kind[j - 1] !== K_WORD && !(tok.shape[j - 2] === SH_CAP1 && tok.hash[j - 1] === PERIOD_HASH && tok.start[j - 1] === tok.end[j - 2])) j--;
    if (j > i + 1) j = extendName(st, j);
    const end = j;
    // a leading title ("mr", "Dr.") is not part of the name
    let a = i;
    while (a + 1 < j && (st.sentence.lex[a]! & L_TITLE) !== 0 && tok.kind[a] === K_WORD) {
      a++;
      if (a + 1 < j && tok.hash[a] === PERIOD_HASH) a++;
    }
    if (tok.kind[a] !== K_WORD) a = i;
    let minMargin = Infinity;
    let allTitles = true;
    for (let q = a; q < j; q++) {
      // tokens added by the span rules (a final initial's period, a suffix) carry no margin
      if (st.tags[q] !== TAG_O && st.margins[q]! < minMargin) minMargin = st.margins[q]!;
      if ((st.sentence.lex[q]! & L_TITLE) === 0) allTitles = false;
    }
    if (!allTitles && !(j === a + 1 && tok.shape[a] === SH_CAP1) && !isInitialOnly(st, a, j)) {
      let sc = 0.45 + 0.55 * Math.tanh(minMargin / model.scale);
      if (j === a + 1 && (weakAlone(st, a) || isAddressee(text, st, a) || (sc < OPENER_MAX_SCORE && isUnlistedOpener(text, st, a)) || isAcronym(st, a))) sc = Math.min(sc, WEAK_SCORE);
      else if (isShoutedUnlisted(st, a, j, L_PERSON_LIST)) sc = Math.min(sc, WEAK_SCORE);
      out.push({ start: tok.start[a]!, end: tok.end[j - 1]!, score: Math.round(sc * 1000) / 1000 });
    }
    i = end;
  }
  if (out.length > 0) propagate(st, out);
  return { names: out, places: places(text, st, model) };
}

const SUFFIX_HASHES = new Set(['jr', 'jnr', 'sr', 'snr', 'ii', 'iii', 'iv'].map((w) => tk.hashLower(w)));

/** True when token `q` is a period glued to the token before it. */
function gluedPeriod(tok: InstanceType<typeof Tokens>, q: number): boolean {
  return q < tok.count && tok.hash[q] === PERIOD_HASH && tok.start[q] === tok.end[q - 1] && tok.kind[q] === K_PUNCT;
}

/**
 * Extends a name of two or more tokens ending before token `j` on its own line by what the tagger
 * tends to leave outside: the period of a final initial ("Phillip K.") and a generational suffix,
 * after an optional comma, with its period ("John Doe Jr.", "Jane Roe, Sr.", "Richard Roe III").
 * @returns the new exclusive end token
 */
function extendName(st: TaggerState, j: number): number {
  const tok = st.tokens;
  if (tok.kind[j - 1] === K_WORD && (tok.shape[j - 1] === SH_CAP1 || SUFFIX_HASHES.has(tok.hash[j - 1]!))) {
    return gluedPeriod(tok, j) ? j + 1 : j;
  }
  let q = j;
  if (q < tok.count && tok.hash[q] === COMMA && (tok.flags[q]! & F_NEWLINE_BEFORE) === 0) q++;
  if (q < tok.count && tok.kind[q] === K_WORD && (tok.flags[q]! & F_NEWLINE_BEFORE) === 0 && SUFFIX_HASHES.has(tok.hash[q]!)
    && st.tags[q] === TAG_O) {
    j = q + 1;
    if (gluedPeriod(tok, j)) j++;
  }
  return j;
}

/** LOCATION spans of the decoded tags (tokens the name rules did not turn into a name). */
function places(text: string, st: TaggerState, model: PersonModel): NameSpan[] {
  const tok = st.tokens;
  const full = st.full;
  const n = tok.count;
  let out: NameSpan[] | undefined;
  let i = 0;
  while (i < n) {
    if (full[i] !== TAG_B_LOC || st.tags[i] !== TAG_O) { i++; continue; }
    let j = i + 1;
    while (j < n && full[j] === TAG_I_LOC && st.tags[j] === TAG_O) j++;
    let e = j;
    while (e > i + 1 && tok.kind[e - 1] !== K_WORD) e--;
    if (tok.kind[i] === K_WORD && !isWeakPlace(text, st, i, e)) {
      let minMargin = Infinity;
      for (let q = i; q < e; q++) if (st.margins[q]! < minMargin) minMargin = st.margins[q]!;
      const sc = 0.45 + 0.55 * Math.tanh(minMargin / model.scale);
      (out ??= []).push({ start: tok.start[i]!, end: tok.end[e - 1]!, score: Math.round(sc * 1000) / 1000 });
    }
    i = j;
  }
  return out ?? [];
}

const L_FIRST = lexicon.LexFlag.FIRST;
const L_TITLE_CUE = lexicon.LexFlag.TITLE | lexicon.LexFlag.CUE;
const L_COMMONISH = lexicon.LexFlag.COMMON35 | lexicon.LexFlag.COMMON50;

/** Score of a lone word that is only weakly a name (below the analyzer's default threshold 0.4). */
export const WEAK_SCORE = 0.35;

/**
 * A one-word name is weak when it is lower case and not a first name (or a first name that is also
 * an English word, "mac", "tar"), and no title or cue word precedes it ("ive tried").
 */
function weakAlone(st: TaggerState, i: number): boolean {
  const tok = st.tokens;
  const s = st.sentence;
  if (tok.shape[i] !== SH_LOWER) return false;
  let p = i - 1;
  if (p > 0 && tok.hash[p] === PERIOD_HASH) p--;
  if (p >= 0 && (s.lex[p]! & L_TITLE_CUE) !== 0) return false;
  return (s.lex[i]! & L_FIRST) === 0 || (s.lex[i]! & L_COMMONISH) !== 0;
}
const K_HANDLE = tk.K_HANDLE;
const COLON = tk.hashLower(':');
const COMMA = tk.hashLower(',');

/**
 * True for a word addressed at the start of a chat-log message — right after a speaker tag and
 * followed by ":" or "," ("<bob> Filystyn: see the PPA"): in chat logs that is a nickname, unless a
 * first-name list has it.
 */
function isAddressee(text: string, st: TaggerState, i: number): boolean {
  const tok = st.tokens;
  if (i + 1 >= tok.count) return false;
  const h = tok.hash[i + 1];
  if (h !== COLON && h !== COMMA) return false;
  // after a `<nick>` speaker tag, or the first word of a message or line ("Seveas: try …")
  // after a `<nick>` speaker tag; or the first word of a message or line with a colon ("Seveas: try …",
  // how chat addresses a participant — "Clinton, who …" opens news prose, so not the comma there)
  const tagged = i > 0 && tok.kind[i - 1] === K_HANDLE && text.charCodeAt(tok.start[i - 1]!) === 60;
  if (!tagged && !(h === COLON && opensLine(text, tok.start[i]!))) return false;
  return (st.sentence.lex[i]! & L_FIRST) === 0;
}

/** True when only spaces or tabs stand between `pos` and the start of the text or of its line. */
function opensLine(text: string, pos: number): boolean {
  let p = pos - 1;
  while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
  return p < 0 || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 13;
}

/**
 * True when `pos` opens a sentence: only spaces, tabs, quotes or opening brackets stand between it
 * and the start of the text, a line break, or a `.`, `!`, `?` (an ellipsis ends in `.`).
 */
function opensSentence(text: string, pos: number): boolean {
  let p = pos - 1;
  for (;;) {
    if (p < 0) return true;
    const c = text.charCodeAt(p);
    if (c === 32 || c === 9 || c === 34 || c === 39 || c === 40 || c === 91 || c === 0x201c || c === 0x2018) { p--; continue; }
    return c === 10 || c === 13 || c === 46 || c === 33 || c === 63;
  }
}

/** Name lists: a listed first or last name, or another name list. */
const L_PERSON_LIST = lexicon.LexFlag.FIRST | lexicon.LexFlag.LAST | lexicon.LexFlag.NAME_LIST;
const L_PLACE_LIST = lexicon.LexFlag.PLACE;

/**
 * Below this score (the tagger is unsure), a lone unlisted word opening a sentence is weak: see
 * {@link isUnlistedOpener}. Confident openers ("Okonkwo scored twice", context carries them) stay.
 */
const OPENER_MAX_SCORE = 0.6;

/**
 * A lone capitalised word that opens a sentence and no name list has ("Yup having lunch",
 * "Aight", "Ineed to update"): in chat the capital there is the sentence's, not a name's, and an
 * unlisted word carries no other evidence. Scored weak when the tagger is unsure too.
 */
function isUnlistedOpener(text: string, st: TaggerState, i: number): boolean {
  const tok = st.tokens;
  const sh = tok.shape[i];
  if (sh !== SH_TITLE && sh !== SH_CAPMIX) return false;
  st.sentence.ensure(i);
  if ((st.sentence.lex[i]! & L_PERSON_LIST) !== 0) return false;
  return opensSentence(text, tok.start[i]!);
}

/**
 * A lone all-caps word in a line that is not all caps ("an AMI is a rootfs", "your SIM"): an
 * acronym far more often than a name, unless a title or cue word comes right before it.
 */
function isAcronym(st: TaggerState, i: number): boolean {
  const tok = st.tokens;
  if (tok.shape[i] !== SH_UPPER || st.sentence.mode[i] === MODE_UPPER) return false;
  let p = i - 1;
  if (p > 0 && tok.hash[p] === PERIOD_HASH) p--;
  return p < 0 || (st.sentence.lex[p]! & L_TITLE_CUE) === 0;
}

/**
 * True when the line of token `i` has a word in lower or title case (running text, where a lone
 * all-caps word is an acronym: "restart the ANA service"; not a dateline such as "LONDON 1996-08-30").
 */
function lineHasLowerCase(st: TaggerState, i: number): boolean {
  const tok = st.tokens;
  for (let q = i; q >= 0; q--) {
    if (tok.kind[q] === K_WORD && (tok.shape[q] === SH_LOWER || tok.shape[q] === SH_TITLE)) return true;
    if ((tok.flags[q]! & F_NEWLINE_BEFORE) !== 0) break;
  }
  for (let q = i + 1; q < tok.count && (tok.flags[q]! & F_NEWLINE_BEFORE) === 0; q++) {
    if (tok.kind[q] === K_WORD && (tok.shape[q] === SH_LOWER || tok.shape[q] === SH_TITLE)) return true;
  }
  return false;
}

/**
 * True for a span `[a, j)` in an all-caps line ("HI DARLIN", "TONE TITLE") none of whose words a
 * list of `listMask` has: shouting removes the casing evidence, so a name or place there needs a
 * name list or the gazetteer.
 */
function isShoutedUnlisted(st: TaggerState, a: number, j: number, listMask: number): boolean {
  const tok = st.tokens;
  const s = st.sentence;
  if (s.mode[a] !== MODE_UPPER) return false;
  for (let q = a; q < j; q++) {
    if (tok.kind[q] !== K_WORD) continue;
    if (tok.shape[q] !== SH_UPPER && tok.shape[q] !== SH_CAP1) return false;
    s.ensure(q);
    if ((s.lex[q]! & listMask) !== 0) return false;
  }
  return true;
}

/** True for a span that is one initial and its period ("K." in "K.k:)"): no name on its own. */
function isInitialOnly(st: TaggerState, a: number, j: number): boolean {
  const tok = st.tokens;
  return j === a + 2 && tok.shape[a] === SH_CAP1 && tok.hash[a + 1] === PERIOD_HASH;
}

/**
 * A tagged place that is too weak to report on its own: one letter ("S.", "K"); right after a dot
 * inside a token ("co.uk"); shouted and not in
 * the gazetteer ("DA MO"); a one-word addressee at the start of a message ("Keybuk, where …"); a
 * lone lower-case or sentence-opening word the gazetteer does not have ("lar", "Tomarrow", "New").
 */
function isWeakPlace(text: string, st: TaggerState, i: number, e: number): boolean {
  const tok = st.tokens;
  const s = st.sentence;
  if (e === i + 1 && tok.end[i]! - tok.start[i]! < 2) return true;
  // glued after a dot to a word or number: a domain or file name part ("co.uk", "E.G")
  const b = tok.start[i]!;
  if (b > 1 && text.charCodeAt(b - 1) === 46 && /[0-9A-Za-z]/.test(text.charAt(b - 2))) return true;
  if (isShoutedUnlisted(st, i, e, L_PLACE_LIST)) return true;
  if (e !== i + 1) return false;
  if (isAcronym(st, i) && lineHasLowerCase(st, i)) return true;
  s.ensure(i);
  if (isAddressee(text, st, i)) return true;
  if ((s.lex[i]! & L_PLACE_LIST) !== 0) return false;
  return tok.shape[i] === SH_LOWER || opensSentence(text, tok.start[i]!);
}

/** Words that do not continue a name to the right: common words, places, organisations, cues. */
const L_NO_EXTEND = lexicon.LexFlag.COMMON10 | lexicon.LexFlag.COMMON20 | lexicon.LexFlag.COMMON35 | lexicon.LexFlag.NOT_NAME
  | lexicon.LexFlag.TITLE | lexicon.LexFlag.PLACE | lexicon.LexFlag.ORG | lexicon.LexFlag.CUE;
/** The same for a listed surname, which may also be a common word ("Doe", "Brown", "Young"). */
const L_NO_EXTEND_SURNAME = lexicon.LexFlag.NOT_NAME | lexicon.LexFlag.TITLE | lexicon.LexFlag.ORG | lexicon.LexFlag.CUE;
const L_SURNAME_LIST = lexicon.LexFlag.LAST | lexicon.LexFlag.NAME_LIST;
const L_LAST = lexicon.LexFlag.LAST;
const L_NO_EXTEND_LOWER = L_NO_EXTEND_SURNAME | lexicon.LexFlag.COMMON10;

/**
 * Span completion rules applied to the tags after decoding (the tagger alone is unsure about
 * surnames it has never seen):
 * 0. a capitalised first name (listed, not a common word, place or organisation) right after a
 *    strong cue word ("Dear Jane", "thanks MARY") that the tagger left outside every entity;
 * 1. a name that ends in a first name and is followed, on the same line and after one space, by
 *    a capitalised word (all caps after an all-caps first name) that is no common word, place,
 *    organisation, title or cue (or is in a name list and no organisation, title or cue word), takes
 *    that word ("Mark Philippoussis", "Jane Doe", "MARY MAJOR"); in all-lower-case text, a listed
 *    surname that is not among the most common English words ("john smith");
 * 2. two adjacent names where the first ends in a first name or an initial are one name
 *    ("Chris Adams" tagged B B);
 * 3. an initial "A." right before a name joins it ("A. Smith");
 * 4. in a mail header line (`From:`, `To:`, `Cc:`), "Doe , Jane" is one name;
 * 5. in such a line, two one-word names around a comma ("Frolov , Yevgeny") are one name.
 */
export function completeNames(st: TaggerState, text: string): void {
  const tok = st.tokens;
  const s = st.sentence;
  const tags = st.tags;
  const n = tok.count;
  // 0. a capitalised listed first name right after a strong cue ("Dear Jane", "thanks Mary") that
  //    the tagger left outside every entity, or tagged a one-word place, is a name
  for (let i = 1; i < n; i++) {
    const loneLoc = st.full[i] === TAG_B_LOC && (i + 1 >= n || st.full[i + 1] !== TAG_I_LOC);
    if ((st.full[i] !== TAG_O && !loneLoc) || tok.kind[i] !== K_WORD || (tok.shape[i] !== SH_TITLE && tok.shape[i] !== SH_UPPER)) continue;
    if ((s.lex[i - 1]! & L_STRONG_CUE) === 0 || tok.kind[i - 1] !== K_WORD || (tok.flags[i]! & F_NEWLINE_BEFORE) !== 0) continue;
    const f = s.lex[i]!;
    // a first name that is also a place ("Dear Ana", "hi Paris") is a name after a greeting
    if ((f & L_FIRST) === 0 || (f & (loneLoc ? L_NOT_FIRST_ALONE & ~L_PLACE_LIST : L_NOT_FIRST_ALONE)) !== 0) continue;
    tags[i] = TAG_B;
    st.margins[i] = model0Margin;
  }
  for (let i = 0; i < n; i++) {
    if (tags[i] === TAG_O) continue;
    const next = i + 1;
    const endsName = next >= n || tags[next] !== TAG_I;
    if (!endsName || next >= n) continue;
    const adjacent = (tok.flags[next]! & F_NEWLINE_BEFORE) === 0 && tok.start[next]! - tok.end[i]! === 1;
    if (!adjacent || tok.kind[next] !== K_WORD) continue;
    const firstLike = (s.lex[i]! & L_FIRST) !== 0 || tok.shape[i] === SH_CAP1;
    if (tags[next] === TAG_B && firstLike) { tags[next] = TAG_I; continue; }
    if (tags[next] !== TAG_O || !firstLike || tok.shape[i] === SH_CAP1) continue;
    const sh = tok.shape[next]!;
    const cased = s.mode[next] === MODE_UPPER || tok.shape[i] === SH_UPPER ? sh === SH_UPPER : sh === SH_TITLE || sh === SH_CAPMIX;
    // all lower case: only a listed surname that is not among the most common words ("john smith", not "john will")
    const lower = sh === SH_LOWER && tok.shape[i] === SH_LOWER && s.mode[next] === MODE_LOWER;
    if (!cased && !lower) continue;
    s.ensure(next);
    const f = s.lex[next]!;
    if (lower ? (f & L_LAST) === 0 || (f & L_NO_EXTEND_LOWER) !== 0 : (f & ((f & L_SURNAME_LIST) !== 0 ? L_NO_EXTEND_SURNAME : L_NO_EXTEND)) !== 0) continue;
    if (next + 1 < n && tags[next + 1] === TAG_I) tags[next + 1] = TAG_B;
    tags[next] = TAG_I;
    st.margins[next] = st.margins[i]!;
  }
  for (let i = 2; i < n; i++) {
    // 4. "Last , First" in an e-mail header line ("From: Doe, Jane")
    if ((tags[i] === TAG_B || (tags[i] === TAG_O && (tok.shape[i] === SH_TITLE || tok.shape[i] === SH_UPPER)))
      && (s.lex[i]! & L_FIRST) !== 0 && (s.lex[i]! & L_NO_EXTEND_SURNAME) === 0 && tok.hash[i - 1] === COMMA_HASH && tags[i - 1] === TAG_O
      && tok.kind[i - 2] === K_WORD && tok.shape[i - 2] !== SH_LOWER && tok.shape[i - 2] !== SH_CAP1
      && (i < 3 || tags[i - 3] === TAG_O) && isHeaderLine(text, tok.start[i]!)) {
      s.ensure(i - 2);
      if ((s.lex[i - 2]! & L_NO_EXTEND_SURNAME) === 0) {
        const m = tags[i] === TAG_B ? st.margins[i]! : 0;
        tags[i - 2] = TAG_B;
        tags[i - 1] = TAG_I;
        tags[i] = TAG_I;
        st.margins[i - 2] = st.margins[i - 1] = st.margins[i] = m;
        continue;
      }
    }
    // 5. two one-word names "Frolov , Yevgeny" in a header line's list are one "Last , First" name
    if (tags[i] === TAG_B && tags[i - 2] === TAG_B && tok.hash[i - 1] === COMMA_HASH && tags[i - 1] === TAG_O
      && (i + 1 >= n || tags[i + 1] !== TAG_I) && ((s.lex[i - 2]! & L_FIRST) === 0 || (s.lex[i - 2]! & L_LAST) !== 0)
      && (tok.flags[i]! & F_NEWLINE_BEFORE) === 0 && (tok.flags[i - 1]! & F_NEWLINE_BEFORE) === 0 && isHeaderLine(text, tok.start[i]!)) {
      tags[i - 1] = TAG_I;
      tags[i] = TAG_I;
      st.margins[i - 1] = st.margins[i] = Math.min(st.margins[i]!, st.margins[i - 2]!);
      continue;
    }
    if (tags[i] !== TAG_B || tags[i - 1] !== TAG_O || tags[i - 2] !== TAG_O) continue;
    if (tok.kind[i - 1] !== K_PUNCT || tok.end[i - 1]! - tok.start[i - 1]! !== 1 || text0(st, i - 1) !== 46) continue;
    if (tok.shape[i - 2] !== SH_CAP1 || tok.end[i - 2] !== tok.start[i - 1] || (i > 2 && tags[i - 3] !== TAG_O)) continue;
    if (i > 2 && tok.kind[i - 3] === K_PUNCT && tok.end[i - 3] === tok.start[i - 2]) continue; // "U.S."
    tags[i - 2] = TAG_B;
    tags[i - 1] = TAG_I;
    tags[i] = TAG_I;
    st.margins[i - 2] = st.margins[i]!;
    st.margins[i - 1] = st.margins[i]!;
  }
}

const COMMA_HASH = tk.hashLower(',');
const L_STRONG_CUE = lexicon.LexFlag.STRONG_CUE;
/** First names that are also common words, places or organisations need the tagger's own tag. */
const L_NOT_FIRST_ALONE = lexicon.LexFlag.COMMON10 | lexicon.LexFlag.COMMON20 | lexicon.LexFlag.NOT_NAME
  | lexicon.LexFlag.TITLE | lexicon.LexFlag.CUE | lexicon.LexFlag.PLACE | lexicon.LexFlag.ORG;
/** Margin given to a name found by rule 0 of {@link completeNames} (0: the lowest confident score, 0.45). */
const model0Margin = 0;
/**
 * A mail header line: `From:`, `To:`, `Cc:`, `Bcc:`, `Reply-To:`, `Sender:`, optionally with an
 * `X-` prefix (Enron-style `X - To :`), at the start of the line.
 */
const HEADER_LINE_RE = /^[ \t]*(?:x[ \t]*-[ \t]*)?(?:from|to|cc|bcc|reply[ \t]*-[ \t]*to|sender)[ \t]*:/i;

/**
 * True when the text position `pos` is on a line that starts like a mail header. Reads the raw
 * text: the screen may not have tokenized the start of the line.
 */
function isHeaderLine(text: string, pos: number): boolean {
  let a = pos;
  while (a > 0 && text.charCodeAt(a - 1) !== 10 && text.charCodeAt(a - 1) !== 13) a--;
  return HEADER_LINE_RE.test(text.slice(a, Math.min(pos, a + 40)));
}

/** The code unit of one-character token `i` (the tokenizer keeps the hash, not the text). */
function text0(st: TaggerState, i: number): number {
  return st.tokens.hash[i] === PERIOD_HASH ? 46 : -1;
}
const PERIOD_HASH = tk.hashLower('.');

/**
 * One-sense-per-text: a capitalised word that is part of a confidently found name elsewhere in the
 * same text is a name too ("Alan Shearer … Shearer said"). Adds single-word spans, score 0.55.
 */
function propagate(st: TaggerState, out: NameSpan[]): void {
  const tok = st.tokens;
  const known = new Set<number>();
  let q = 0;
  for (let i = 0; i < tok.count; i++) {
    while (q < out.length && out[q]!.end <= tok.start[i]!) q++;
    if (q < out.length && out[q]!.start <= tok.start[i]! && out[q]!.score >= 0.5 && tok.kind[i] === K_WORD && tok.end[i]! - tok.start[i]! > 1) {
      known.add(tok.hash[i]!);
    }
  }
  if (known.size === 0) return;
  let added = false;
  q = 0;
  for (let i = 0; i < tok.count; i++) {
    if (st.tags[i] !== TAG_O || tok.kind[i] !== K_WORD) continue;
    const sh = tok.shape[i]!;
    if (sh !== SH_TITLE && sh !== SH_UPPER && sh !== SH_CAPMIX) continue;
    if (!known.has(tok.hash[i]!) || (st.sentence.lex[i]! & L_NOT_ALONE) !== 0) continue;
    if ((i > 0 && st.tags[i - 1] !== TAG_O) || (i + 1 < tok.count && st.tags[i + 1] !== TAG_O)) continue;
    out.push({ start: tok.start[i]!, end: tok.end[i]!, score: 0.55 });
    added = true;
  }
  if (added) out.sort((a, b) => a.start - b.start);
}
