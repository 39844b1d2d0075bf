/**
 * LOCATION recognizer: city and country names from a gazetteer, reported only after a location cue.
 *
 * Gazetteer: English country names and aliases from the `countries-list` package
 * (ISO 3166-1 names, https://github.com/annexare/Countries) plus the hand-kept list of major
 * cities in `data/major-cities.ts`. A name is reported only when a cue comes right before it:
 * strong cues ("lives in", "based in", "moved to", "is from", "native of", "city:", "country:", …)
 * accept any entry, also lower-case; weak cues ("in", "from", "to", "at", "near", "visiting",
 * "southern") accept only capitalized, unambiguous entries (not "Jordan", "Chad", "Phoenix", … —
 * see `AMBIGUOUS_PLACE_NAMES`).
 * Cost: one ASCII cue regex over the text; per cue followed by a capital (or after a strong word),
 * one sticky lookbehind test, one sticky word regex and ≤ 12 Map lookups.
 */
import { countries } from 'countries-list';
import type { Recognizer, RecognizerResult } from '../types.ts';
import { AMBIGUOUS_PLACE_NAMES, MAJOR_CITIES } from './data/major-cities.ts';

/** Country aliases kept even though short (upper-case codes used as names in chat). */
const SHORT_ALIASES = new Set(['UK', 'USA', 'UAE']);
/** Longest gazetteer entry in words. */
const MAX_WORDS = 6;

/** Lower-cased name → whether it needs a strong cue. */
const GAZETTEER: ReadonlyMap<string, boolean> = buildGazetteer();

function buildGazetteer(): Map<string, boolean> {
  const ambiguous = new Set(AMBIGUOUS_PLACE_NAMES.map((n) => n.toLowerCase()));
  const map = new Map<string, boolean>();
  const add = (name: string): void => {
    const key = name.toLowerCase();
    map.set(key, ambiguous.has(key));
  };
  for (const c of Object.values(countries)) {
    add(c.name);
    for (const alias of c.alias ?? []) {
      if (alias.length > 3 || SHORT_ALIASES.has(alias)) add(alias);
    }
  }
  for (const city of MAJOR_CITIES) add(city);
  for (const extra of ['the United States', 'the United Kingdom', 'the Netherlands', 'the Philippines', 'England', 'Scotland', 'Wales', 'Northern Ireland', 'Czech Republic', 'Turkey', 'Holland']) add(extra);
  return map;
}

/**
 * First pass: a preposition-like cue word (group 1) or a labelled field "city:" (group 2),
 * then the whitespace before the candidate name. Case-insensitive, ASCII only (fast in V8).
 */
const CUE_RE =
  /\b(?:(in|from|to|at|near|around|outside|across|throughout|of|visiting|visited|visit|southern|northern|eastern|western|central)[ \t]+|(city|country|location|town|hometown|home town|nationality|birthplace|place of birth|residence|where)[ \t]*[:=][ \t]*)/gi;
/** Words before a preposition that make it a strong cue ("lives in", "is from", "native of"). */
const STRONG_BEFORE_RE =
  /(?<=(?<![A-Za-z])(?:lives?|living|lived|reside[sd]?|residing|located|based|born|raised|settled|grew up|moved|moving|relocated|relocating|relocate|travell?ing|travell?ed|flying|flew|stays?|staying|stayed|native|resident|citizen|comes?|came|i'?m|is|are|was|originally|heading|going|trip|hometown)[ \t]+)/iy;
/** Prepositions that are cues only after a strong word. */
const NEEDS_STRONG = new Set(['of']);

/** One word of a place name (letters, apostrophes, dots, hyphens), sticky. */
const WORD_RE = /[\p{L}][\p{L}\p{M}'’-]*\.?/uy;

function isUpper(ch: string): boolean {
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * Cheap gates, run before the cue regex: a cue word followed by a capital letter, or a phrase
 * after which lower-case names are accepted (strong cues, labelled fields).
 */
const CAPITAL_GATE_RE =
  /(?:[Ii][Nn]|[Ff]rom|FROM|[Tt]o|TO|[Aa]t|AT|[Nn]ear|around|outside|across|throughout|[Vv]isit\w*|[Ss]outhern|[Nn]orthern|[Ee]astern|[Ww]estern|[Cc]entral)[ \t]+[A-Z\u00C0-\u00DE\u0386-\u03AB\u0400-\u042F]/;
const STRONG_GATE_RE =
  /liv(?:e|es|ing|ed)\s|based\s|located\s|resid|born\s|raised\s|grew up|settled|moved\s|moving\s|relocat|travel|native of|citizen of|resident of|hometown|home town|city\s*[:=]|country\s*[:=]|location\s*[:=]|town\s*[:=]|nationality|birthplace|place of birth|residence|where\s*[:=]|(?:i'?m|is|are|was|comes?|came|originally)\s+from|i'?m\s+(?:in|at)\s/i;

/** Finds `LOCATION` spans; see the module comment for the method. */
function analyzeLocation(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  if (!CAPITAL_GATE_RE.test(text) && !STRONG_GATE_RE.test(text)) return results;
  CUE_RE.lastIndex = 0;
  let cue: RegExpExecArray | null;
  while ((cue = CUE_RE.exec(text)) !== null) {
    const start = CUE_RE.lastIndex;
    const first = text[start] ?? '';
    const capitalized = isUpper(first);
    let strong = cue[2] !== undefined;
    if (!strong) {
      STRONG_BEFORE_RE.lastIndex = cue.index;
      strong = STRONG_BEFORE_RE.test(text);
      if (!strong && (!capitalized || NEEDS_STRONG.has((cue[1] ?? '').toLowerCase()))) continue;
    }
    // Collect up to MAX_WORDS words separated by single spaces; a trailing dot may belong
    // to the name ("St. Louis") or end the sentence ("Paris."), so both ends are candidates.
    const ends: number[] = [];
    let pos = start;
    for (let i = 0; i < MAX_WORDS; i++) {
      WORD_RE.lastIndex = pos;
      if (WORD_RE.exec(text) === null) break;
      const end = WORD_RE.lastIndex;
      ends.push(end);
      if (text[end - 1] === '.') ends.push(end - 1);
      if (text[end] !== ' ') break;
      pos = end + 1;
    }
    ends.sort((a, b) => b - a);
    for (const end of ends) {
      const name = text.slice(start, end);
      const ambiguous = GAZETTEER.get(name.toLowerCase());
      if (ambiguous === undefined) continue;
      if (ambiguous && !strong) break;
      // Not followed by more of a word or by a possessive ("Jordan's").
      const next = text[end] ?? '';
      if (/[\p{L}\p{N}]/u.test(next) || ((next === "'" || next === '’') && text[end + 1] === 's')) break;
      results.push({ entityType: 'LOCATION', start, end, score: strong ? 0.85 : 0.6, pattern: strong ? 'gazetteer+strong-cue' : 'gazetteer+cue' });
      CUE_RE.lastIndex = end;
      break;
    }
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
