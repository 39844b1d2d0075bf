/**
 * LOCATION recognizer: city, region and country names from the gazetteer (`../places/gazetteer.ts`),
 * reported after a location cue, in "City, Region/Country" pairs and address blocks
 * (`../places/pairs.ts`), and as hashtags (`../places/hashtags.ts`).
 *
 * Gazetteer: English country names and aliases (`countries-list`), the hand-kept major cities of
 * `data/major-cities.ts`, GeoNames cities with ≥ 15,000 inhabitants and regions (states, provinces,
 * counties); a single-word entry that is also a first/last name or English word, or written in lower
 * case, needs a strong cue. A `#` right after the cue is skipped and the hashtag body may be a joined
 * multi-word name ("from #newyork").
 * Places the tagger finds without a cue come from the person recognizer (`tagger-location`). A name is reported after a cue when the cue comes right before it:
 * strong cues ("lives in", "based in", "moved to", "is from", "native of", "city:", "country:", …)
 * accept any entry, also lower-case; weak cues ("in", "from", "to", "at", "near", "visiting",
 * "southern") accept only capitalized, unambiguous entries (not "Jordan", "Chad", "Phoenix", … —
 * see `AMBIGUOUS_PLACE_NAMES`). After a residence cue ("lives in", "grew up in", "flew to", "city:"; not
 * "is in", "going to", "I'm in"), one to three capitalised or all-caps words the gazetteer lacks are a
 * place too (villages and small towns), unless the first is a very common word, title or cue (score
 * 0.6, pattern `residence-cue+capitalized`). Pair, address and hashtag results are added where no cue
 * result overlaps them.
 * Cost: no scan of its own — cue words come from the shared pre-pass (`text/text-facts.ts`); per cue
 * word a few character tests (labels: one sticky regex); per cue followed by a capital (or after a
 * strong word, found through the pre-pass too), one sticky lookbehind test, the word scan and ≤ 12 Map
 * lookups. The two gate regexes of the first design run only when a name was found (same output).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { TriggerGroup, triggerEnds, triggerStarts } from '../text/text-facts.ts';
import { defaultModel } from '../person/model.ts';
import { LexFlag } from '../person/lexicon.ts';
import { hashLower } from '../person/tokenizer.ts';
import { lookupHashtag, lookupPlace } from '../places/gazetteer.ts';
import { findPlacePairs } from '../places/pairs.ts';
import { findPlaceHashtags } from '../places/hashtags.ts';

/** Longest gazetteer entry in words. */
const MAX_WORDS = 6;

/**
 * First pass: a preposition-like cue word (group 1) or a labelled field "city:" (group 2),
 * then the whitespace before the candidate name. Case-insensitive, ASCII only (fast in V8).
 */
const CUE_RE =
  /\b(?:(in|from|to|at|near|around|outside|across|throughout|of|visiting|visited|visit|southern|northern|eastern|western|central)[ \t]+|(city|country|location|town|hometown|home town|nationality|birthplace|place of birth|residence|where)[ \t]*[:=][ \t]*)/gi;
/** Words before a preposition that make it a strong cue ("lives in", "is from", "native of"). */
const STRONG_BEFORE_RE =
  /(?<=(?<![A-Za-z])(?:lives?|living|lived|reside[sd]?|residing|located|based|born|raised|settled|grew up|moved|moving|relocated|relocating|relocate|travell?ing|travell?ed|flying|flew|stays?|staying|stayed|native|resident|citizen|comes?|came|i'?m|is|are|was|originally|heading|going|trip|hometown|returned|returning|emigrated|emigrating|immigrated|hails?|hailing|commutes?|commuting)[ \t]+(?:(?:here|there|back|away|over|out|home|all the way)[ \t]+)?)/iy;
/** Sticky copy of {@link CUE_RE}, tried only where a cue word starts. */
const CUE_AT_RE = new RegExp(CUE_RE.source, 'iy');
/** The words of {@link CUE_RE}'s group 1 (a cue when followed by blanks). */
const PREPOSITIONS: ReadonlySet<string> = new Set(
  'in from to at near around outside across throughout of visiting visited visit southern northern eastern western central'.split(' '),
);
/** First words of every {@link CUE_RE} alternative. */
const CUE_WORDS = new TriggerGroup(
  ('in from to at near around outside across throughout of visiting visited visit southern northern eastern western central ' +
    'city country location town hometown home nationality birthplace place residence where').split(' '),
);
/** Words allowed between a strong word and its preposition ("moved here from", "came back to"); "way" ends "all the way". */
const FILLERS = ['here', 'there', 'back', 'away', 'over', 'out', 'home', 'way'];
/** {@link FILLERS} as a set. */
const FILLER_SET: ReadonlySet<string> = new Set(FILLERS);

/**
 * Last ASCII letter run of every {@link STRONG_BEFORE_RE} word ("grew up" → "up", "i'm" → "m"):
 * the regex can only match where one of them ends right before the blanks before the cue.
 */
const STRONG_LAST_WORDS = new TriggerGroup(
  ('lives live living lived reside resides resided residing located based born raised settled up moved moving relocated ' +
    'relocating relocate travelling traveling travelled traveled flying flew stay stays staying stayed native resident ' +
    'citizen come comes came m im is are was originally heading going trip hometown returned returning emigrated emigrating ' +
    'immigrated hail hails hailing commute commutes commuting ' + FILLERS.join(' ')).split(' '),
);
/** Prepositions that are cues only after a strong word. */
const NEEDS_STRONG = new Set(['of']);

/** One word of a place name (letters, apostrophes, dots, hyphens), sticky. */
const WORD_RE = /[\p{L}][\p{L}\p{M}'’-]*\.?/uy;

/**
 * End of the {@link WORD_RE} match at `pos`, or -1: an ASCII fast path for words of ASCII letters,
 * apostrophes and hyphens; the Unicode regex for anything else.
 */
function wordEnd(text: string, pos: number): number {
  const first = text.charCodeAt(pos);
  if (((first | 32) - 97) >>> 0 < 26) {
    let e = pos + 1;
    for (;;) {
      const c = text.charCodeAt(e);
      if (((c | 32) - 97) >>> 0 < 26 || c === 39 || c === 0x2019 || c === 45) e++;
      else if (c >= 128) break; // a non-ASCII letter or mark may continue the word: ask the regex
      else return c === 46 ? e + 1 : e;
    }
  }
  WORD_RE.lastIndex = pos;
  return WORD_RE.exec(text) === null ? -1 : WORD_RE.lastIndex;
}

function isUpper(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/** Is `c` an ASCII `\w` code unit (`\b` in {@link CUE_RE})? */
function isAsciiWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * {@link CUE_RE} tried at `at` (the start of a cue word): the end of the match (after the blanks) and
 * whether it is a labelled field. Prepositions (group 1) are checked by hand, labels by the regex.
 */
function matchCue(text: string, at: number): { end: number; labelled: boolean; needsStrong: boolean } | undefined {
  if (isAsciiWord(text.charCodeAt(at - 1))) return undefined;
  let e = at;
  while (e < text.length && ((text.charCodeAt(e) | 32) >= 97 && (text.charCodeAt(e) | 32) <= 122)) e++;
  const word = text.slice(at, e).toLowerCase();
  if (PREPOSITIONS.has(word)) {
    let b = e;
    while (text.charCodeAt(b) === 32 || text.charCodeAt(b) === 9) b++;
    return b > e ? { end: b, labelled: false, needsStrong: NEEDS_STRONG.has(word) } : undefined;
  }
  CUE_AT_RE.lastIndex = at;
  const m = CUE_AT_RE.exec(text);
  if (m === null) return undefined;
  return { end: CUE_AT_RE.lastIndex, labelled: m[2] !== undefined, needsStrong: NEEDS_STRONG.has((m[1] ?? '').toLowerCase()) };
}

/** Is a strong-cue word ({@link STRONG_BEFORE_RE}) right before the blanks before `cueStart`? */
function strongBefore(text: string, cueStart: number, strongEnds: ReadonlySet<number>): boolean {
  let e = cueStart;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  if (e === cueStart || !strongEnds.has(e)) return false;
  STRONG_BEFORE_RE.lastIndex = cueStart;
  return STRONG_BEFORE_RE.test(text);
}

/**
 * Cheap gates, run before the cue regex: a cue word followed by a capital letter, or a phrase
 * after which lower-case names are accepted (strong cues, labelled fields).
 */
const CAPITAL_GATE_RE =
  /(?:[Ii][Nn]|[Ff]rom|FROM|[Tt]o|TO|[Aa]t|AT|[Nn]ear|around|outside|across|throughout|[Vv]isit\w*|[Ss]outhern|[Nn]orthern|[Ee]astern|[Ww]estern|[Cc]entral)[ \t]+(?:the[ \t]+)?#?[A-Z\u00C0-\u00DE\u0386-\u03AB\u0400-\u042F]/;
const STRONG_GATE_RE =
  /liv(?:e|es|ing|ed)\s|based\s|located\s|resid|born\s|raised\s|grew up|settled|moved\s|moving\s|relocat|travel|return|emigrat|immigrat|hail|commut|native of|citizen of|resident of|hometown|home town|city\s*[:=]|country\s*[:=]|location\s*[:=]|town\s*[:=]|nationality|birthplace|place of birth|residence|where\s*[:=]|(?:i'?m|is|are|was|comes?|came|originally)\s+from|i'?m\s+(?:in|at)\s|(?:here|there|back|away|over|out|home|way)\s+(?:in|from|to|at)\s/i;

/**
 * Words before a preposition that say where a person lives, comes from or travels ("lives in",
 * "grew up in", "flew to"): after them a capitalised name the gazetteer lacks (a village, a town
 * under 15,000 inhabitants) is still a place. Not "is in", "going to", "I'm in" (also meetings,
 * shops, moods).
 */
const RESIDENCE_WORDS: ReadonlySet<string> = new Set(
  ('lives live living lived reside resides resided residing located based born raised settled up moved moving relocated ' +
    'relocating relocate travelling traveling travelled traveled flying flew stay stays staying stayed native resident ' +
    'citizen originally hometown returned returning emigrated emigrating immigrated hail hails hailing commute commutes ' +
    'commuting').split(' '),
);
/** Words that cannot be (the start of) an unlisted place: very common words and titles. */
const NOT_PLACE_START = LexFlag.COMMON10 | LexFlag.COMMON20 | LexFlag.NOT_NAME | LexFlag.TITLE | LexFlag.CUE;

/** True when the cue at `cueStart` is a labelled field or follows a {@link RESIDENCE_WORDS} word. */
function residenceCue(text: string, cueStart: number, labelled: boolean): boolean {
  if (labelled) return true;
  let e = cueStart;
  while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  for (let words = 0; words < 2; words++) {
    let a = e;
    while (a > 0 && (((text.charCodeAt(a - 1) | 32) - 97) >>> 0) < 26) a--;
    const word = text.slice(a, e).toLowerCase();
    if (!FILLER_SET.has(word) || words === 1) return RESIDENCE_WORDS.has(word);
    e = a; // "moved here from": look at the word before the filler
    while (e > 0 && (text.charCodeAt(e - 1) === 32 || text.charCodeAt(e - 1) === 9)) e--;
  }
  return false;
}

/**
 * End of an unlisted place name at `start` after a residence cue: one to three capitalised (or
 * all-caps) words of at least three letters, the first no very common word, title or cue; the
 * trailing period of a sentence excluded. `ends` are the word ends collected at `start`, sorted
 * descending. Returns `start` when there is none.
 */
function unlistedPlaceEnd(text: string, start: number, ends: readonly number[]): number {
  const asc = [...new Set(ends)].sort((a, b) => a - b);
  if (asc.length === 0) return start;
  let end = start;
  let wordStart = start;
  let words = 0;
  for (const e of asc) {
    if (text.charCodeAt(e - 1) === 46) continue; // the ".": the same word without it comes first
    const word = text.slice(wordStart, e);
    if (word.length < 3 || !isUpper(word.charAt(0)) || words === 3) break;
    if (words === 0 && (defaultModel().lexicon.get(hashLower(word)) & NOT_PLACE_START) !== 0) return start;
    if (/['’]s$/.test(word)) return e - 2 - start >= 3 ? e - 2 : start; // a possessive ends the name
    end = e;
    words++;
    wordStart = e + 1;
  }
  const next = text[end] ?? '';
  if (end > start && (/[\p{L}\p{N}@]/u.test(next) || next === "'" || next === '’')) return start;
  return end;
}

/** Finds `LOCATION` spans; see the module comment for the method. */
function analyzeLocation(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  const cues = triggerStarts(text, CUE_WORDS);
  if (cues.length === 0) return mergeResults(results, [...findPlacePairs(text), ...findPlaceHashtags(text)]);
  let strongEnds: Set<number> | undefined;
  // Same as a global CUE_RE scan from `from`, but tried only where a cue word starts.
  let from = 0;
  for (const candidate of cues) {
    if (candidate < from) continue;
    const cue = matchCue(text, candidate);
    if (cue === undefined) continue;
    // hashtag-aware: "from #springfield" is the place "springfield"
    // "to the United States": the place starts after a lower-case article before a capital
    const afterArticle = text.startsWith('the ', cue.end) && isUpper(text[cue.end + 4] ?? '') ? cue.end + 4 : cue.end;
    const start = text.charCodeAt(afterArticle) === 35 ? afterArticle + 1 : afterArticle;
    from = start;
    const first = text[start] ?? '';
    const capitalized = isUpper(first);
    let strong = cue.labelled;
    if (!strong) {
      strongEnds ??= new Set(triggerEnds(text, STRONG_LAST_WORDS));
      strong = strongBefore(text, candidate, strongEnds);
      if (!strong && (!capitalized || cue.needsStrong)) continue;
    }
    // Collect up to MAX_WORDS words separated by single spaces; a trailing dot may belong
    // to the name ("St. Louis") or end the sentence ("Paris."), so both ends are candidates.
    const ends: number[] = [];
    let pos = start;
    for (let i = 0; i < MAX_WORDS; i++) {
      const end = wordEnd(text, pos);
      if (end < 0) break;
      ends.push(end);
      if (text[end - 1] === '.') ends.push(end - 1);
      if (text[end] !== ' ' || start > afterArticle) break; // a hashtag is one word
      pos = end + 1;
    }
    ends.sort((a, b) => b - a);
    for (const end of ends) {
      const name = text.slice(start, end);
      const entry = start > afterArticle ? lookupHashtag(name) : lookupPlace(name);
      if (entry === undefined) continue;
      const ambiguous = entry.needsCue;
      if (ambiguous && !strong) break;
      // Not followed by more of a word or by a possessive ("Jordan's").
      const next = text[end] ?? '';
      if (/[\p{L}\p{N}]/u.test(next) || ((next === "'" || next === '’') && text[end + 1] === 's')) break;
      results.push({ entityType: 'LOCATION', start, end, score: strong ? 0.85 : 0.6, pattern: strong ? 'gazetteer+strong-cue' : 'gazetteer+cue' });
      from = end;
      break;
    }
    if (from === start && capitalized && strong && residenceCue(text, candidate, cue.labelled)) {
      const end = unlistedPlaceEnd(text, start, ends);
      if (end > start) {
        results.push({ entityType: 'LOCATION', start, end, score: 0.6, pattern: 'residence-cue+capitalized' });
        from = end;
      }
    }
  }
  // The gates of the original design, now checked only when something was found (same output).
  if (results.length > 0 && !CAPITAL_GATE_RE.test(text) && !STRONG_GATE_RE.test(text)) results.length = 0;
  return mergeResults(results, [...findPlacePairs(text), ...findPlaceHashtags(text)]);
}

/** Adds the `extra` results that overlap none of `results` (cue findings win). */
function mergeResults(results: RecognizerResult[], extra: readonly RecognizerResult[]): RecognizerResult[] {
  for (const r of extra) {
    if (!results.some((x) => x.start < r.end && r.start < x.end)) results.push(r);
  }
  return results;
}

/** LOCATION recognizer (cities and countries after a location cue). */
export const locationRecognizer: Recognizer = {
  name: 'location',
  entities: ['LOCATION'],
  context: ['city', 'country', 'location', 'address', 'lives', 'live', 'based', 'located', 'hometown'],
  analyze: (text) => analyzeLocation(text),
};
