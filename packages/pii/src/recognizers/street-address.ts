/**
 * STREET_ADDRESS recognizer: US, UK and continental European street addresses.
 *
 * Forms (span stops where the address stops):
 * - US/UK: house number + capitalized street name (1–4 words, ordinals like "5th" allowed) +
 *   a street suffix (USPS Pub. 28 C1 list in `data/street-suffixes.ts`), optional direction,
 *   optional unit ("Apt 4B", "Suite 200", "#12"), optional tail: ", City, ST 12345(-6789)" (US),
 *   ", City SW1A 2AA" (UK postcode, BS 7666 shape) or ", 12345 City".
 *   "123 Main Street, Springfield, IL 62704", "10 Downing Street, London SW1A 2AA".
 * - German/Dutch/Nordic compounds + number: "Hauptstraße 5, 10115 Berlin", "Berliner Straße 12".
 * - Leading street words: "Rue de Rivoli 12", "12 rue de Rivoli", "Via Roma 1", "Calle Mayor 5".
 * - "P.O. Box 123", US military "PSC 1234, Box 5678 APO AE 09001" and ship "USNS Name FPO AP 96601".
 * Score 0.6 for a street alone, 0.85 with a city/state/postcode tail.
 * Screen: every street pattern is anchored at a digit (the house number); name-first forms are
 * found by a lookbehind from that digit, so no work starts at letters. Bounded repetitions only.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { AnchoredScan, digitCount, TriggerGroup, triggerStarts } from '../text/text-facts.ts';
import { findLowerCaseAddresses } from './street-address-lower.ts';
import { extendAddressTail } from './street-address-tail.ts';
import { findCorners } from './street-address-corner.ts';
import { EN_STREET_SUFFIXES, EN_STREET_SUFFIXES_CAPITALIZED, EU_STREET_ENDINGS, EU_STREET_PREFIXES, EU_STREET_WORDS } from './data/street-suffixes.ts';

/**
 * Letter classes as explicit BMP ranges (Latin, Latin-1, Latin Extended-A/B and Additional,
 * Greek, Cyrillic) instead of `\\p{…}`: the regexes then run without the `u` flag, which V8
 * executes several times faster. Text reaching recognizers is NFKC-normalized, so combining
 * marks are mostly composed.
 */
const LU = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u017F\\u0386-\\u03AB\\u0400-\\u042F\\u1E00-\\u1EFF';
const LL = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0300-\\u036F\\u0370-\\u03FF\\u0400-\\u04FF\\u1E00-\\u1EFF';
const LN = `${LL}0-9`;

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withCases = (words: readonly string[]): string =>
  [...new Set(words.flatMap((w) => [w, w.toUpperCase(), w.toLowerCase()]))]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');

/** Capitalized and CAPITALS only. */
const withCapitals = (words: readonly string[]): string =>
  [...new Set(words.flatMap((w) => [w, w.toUpperCase()]))]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');
const SUFFIX = `(?:${withCases(EN_STREET_SUFFIXES)}|${withCapitals(EN_STREET_SUFFIXES_CAPITALIZED)})`;
const NAME = `(?:[${LU}][${LL}'’-]*\\.?|\\d{1,3}(?:st|nd|rd|th))`;
const DIR = '(?:[NSEW]\\.?|N[EW]|S[EW]|North|South|East|West)';
const UNIT_WORDS = 'Apt|APT|apt|Apartment|Suite|SUITE|suite|Ste|Unit|UNIT|unit|Fl|Floor|Room|Rm|Bldg|Flat';
/** A unit designator and its number; the designator is a whole word ("United" is not "Unit ed"). */
const UNIT_CORE = `(?:(?:(?:${UNIT_WORDS})(?![a-z])|#)\\.?\\s?#?\\s?[A-Za-z0-9-]{1,6}(?![${LN}]))`;
/** A place name: up to three capitalized words, with particles between them ("Torroella de Montgrí", "Frankfurt am Main"). */
const CITY = `(?:[${LU}][${LL}'’.-]*(?:[ -](?:(?:de|du|des|la|le|del|di|da|do|dos|das|am|an|im|sur|upon|on|en)[ -])?[${LU}][${LL}'’.-]*){0,2})`;
/** UK postcode (BS 7666 shape) or Canadian postal code (`M5V 2T6`). */
const UK_POSTCODE = '(?:[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]?\\d[A-Z]\\d)';
const ZIP = '(?:\\d{5}(?:-\\d{4})?|\\d{4}|\\d{2}-\\d{3})';
/** Separator between address lines: a comma or a line break (also e-mail quoting ">"). */
const SEP = '(?:[ \\t]*,[ \\t]*(?:\\r?\\n[ \\t>]*)?|[ \\t]*(?:\\r?\\n[ \\t>]*)+,?[ \\t]*)';
/**
 * Up to five further address lines: unit, city (followed by a comma or a line break), state
 * code, "Country 12345", "12345 City", UK postcode. Each line starts after a comma or newline,
 * so the span stops at the end of the address.
 */
const BLOCK = `(?:${SEP}(?:${UNIT_CORE}|${UK_POSTCODE}(?![${LN}])|(?:[A-Z]{1,2}-)?\\d{4,5}[ \\t]+${CITY}|[A-Z]{2}(?:[ \\t]+(?:${ZIP}|${UK_POSTCODE}))?(?![${LN}])|${CITY}(?:[ \\t]+${ZIP}|,?[ \\t]+[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?|[ \\t]+${UK_POSTCODE})(?![${LN}])|${CITY}(?=[ \\t]*(?:\\r?\\n|,))|${ZIP}(?![${LN}]))){0,5}`;
const TAIL = `(?:[ \\t]*${UNIT_CORE}){0,2}${BLOCK}`;

const HOUSE = '\\d{1,6}[A-Za-z]?(?:[-/]\\d{1,4}[A-Za-z]?)?';
const ARTICLE = "(?:de|du|des|la|le|l'|d'|del|della|di|da|do|dos|das|dei|el|von|van)";
const NOT_WORD_AFTER = `(?![${LN}])`;

/**
 * Number-first forms, matched forward from the house number:
 * US/UK "123 Main Street …" and French/Italian/Spanish "12 rue de Rivoli …".
 */
/**
 * A type word right after a strong type word is prose, not the street ("11 Example Road St.",
 * "on 5 Example St street"), and so is a trailing type after a leading one ("137 Avenue Example St.").
 */
const NOT_AFTER_TYPE = `(?<!(?:\\s(?:Street|St|Road|Rd|Avenue|Ave|Av|Drive|Dr|Lane|Ln|Boulevard|Blvd|Crescent|Close|Way)\\.?\\s+|\\d[A-Za-z]?\\s+(?:Avenue|Av|Rue|Via|Calle|Rua|Avenida)\\.?\\s+(?:${NAME}\\s+){1,3}))`;
/** A house number after the type ("Examplestr. 74 Suite 9"), only where a unit, comma or line end follows. */
const NUMBER_AFTER_TYPE = `(?:[ \\t]+\\d{1,4}[A-Za-z]?(?![${LN}])(?=[ \\t]*(?:$|[\\r\\n,;]|(?:${UNIT_WORDS})(?![a-z])|#)))?`;
const US_REST = `(?:[ \\t]\\d{1,5})?,?\\s+(?:${DIR}\\s+)?(?:${NAME}\\s+){1,4}${NOT_AFTER_TYPE}${SUFFIX}${NOT_WORD_AFTER}\\.?${NUMBER_AFTER_TYPE}(?:\\s+${DIR}${NOT_WORD_AFTER})?${TAIL}`;
/** A street-name word that is not a unit designator ("Apt." ends the name). */
const NAME_NOT_UNIT = `(?!(?:${UNIT_WORDS})(?![a-z])|(?:St|Street)\\.?(?=[ \\t]*(?:$|[\\r\\n,;!?]|[a-z])))${NAME}`;
const PB_REST = `(?:[ \\t]\\d{1,5}[A-Za-z]?)?,?\\s+(?:${EU_STREET_PREFIXES.map(esc).join('|')}|rue|avenue|boulevard|chemin|calle|avenida|rua)\\s+(?:${ARTICLE}\\s+|[dl]['’]|${NAME_NOT_UNIT}\\s+){0,4}${NAME_NOT_UNIT}${NOT_WORD_AFTER}(?:[ \\t]+\\d{1,5}[A-Za-z]?${NOT_WORD_AFTER})?${TAIL}`;
/**
 * Name-first forms, found from the house number by a lookbehind that captures the street name
 * (so the regex only starts work at digits): "Hauptstraße 5", "Berliner Straße 12",
 * "Trenerys gate 232", "Rue de Rivoli 12", and the generic "Name 12" (group `gen`, accepted
 * in code only with an address cue, a unit or a postal block). An optional building number
 * may precede the name ("28030 Edeby 55").
 */
const EU_STREET =
  `(?<![${LN}])(?:${HOUSE}[ \\t]+)?(?:` +
  `(?:${EU_STREET_PREFIXES.map(esc).join('|')})\\s+(?:${ARTICLE}\\s+|${NAME}\\s+){0,4}${NAME},?` +
  `|(?:[${LU}][${LL}-]*\\s+){1,3}(?:${EU_STREET_WORDS.map(esc).join('|')})` +
  `|[${LU}][${LL}-]{2,}(?:${EU_STREET_ENDINGS.map(esc).join('|')})` +
  `|(?:[${LU}][${LL}-]*\\s+)?(?:Straße|Strasse|Str\\.|Weg|Platz|Allee|Gasse|Damm|Laan|Straat|Plein)` +
  `|(?<gen>(?:[${LU}][${LL}'’.-]*[ \\t]+){0,2}[${LU}][${LL}'’.-]*))`;
const EU_REST = `\\d{0,5}[A-Za-z]?(?:[-/]\\d{1,4}[A-Za-z]?)?${NOT_WORD_AFTER}\\.?${TAIL}`;

/** All street forms, anchored at a digit (the house number). */
const ADDRESS_RE = new RegExp(
  `\\d(?:(?<![${LN}$£€¥.,:/#-]\\d)\\d{0,5}[A-Za-z]?(?:[-/]\\d{1,4}[A-Za-z]?)?(?:(?<us>${US_REST})|(?<pb>${PB_REST}))` +
    `|(?<=[${LL}.,][ \\t]?\\d)(?<=(?<street>${EU_STREET})[ \\t]?\\d)${EU_REST})`,
  'g',
);
/** "P.O. Box 123" and US military addresses (USPS Pub. 28 §225): "PSC 1234, Box 5678\nAPO AE 09001". */
const BOX_RE = new RegExp(
  `(?<![${LN}])(?:P\\.?\\s?O\\.?\\s?Box\\s+\\d{1,6}${TAIL}|(?:PSC|CMR|Unit)\\s\\d{1,5},?\\s+Box\\s\\d{1,5}\\s+(?:APO|FPO|DPO)\\s+A[AEP]\\s+\\d{5}|(?:USNS|USNV|USS|USCGC)\\s+[${LL}]+(?:[ \\t][${LL}]+)?\\s+FPO\\s+A[AEP]\\s+\\d{5})`,
  'gi',
);
/** Sticky copy of {@link BOX_RE}. */
const BOX_AT_RE = new RegExp(BOX_RE.source, 'iy');
/** The ASCII letter run a {@link BOX_RE} match starts with ("P.O." → "p", "PO Box" → "po", "POBox" → "pobox"). */
const BOX_WORDS = new TriggerGroup(['p', 'po', 'pobox', 'psc', 'cmr', 'unit', 'usns', 'usnv', 'uss', 'uscgc']);
const ADDRESS_CUE_RE = /(?:lives?\s+(?:at|on)|living\s+(?:at|on)|located\s+on|station\s+is\s+(?:at|on)|drops?\s+(?:you|me|him|her|them)\s+off\s+at|address(?:\s+is)?\s*:?|located\s+at|office\s+is\s+at|ship(?:ped)?\s+to|deliver(?:ed)?\s+to|send\s+(?:it\s+)?to|return\s+to|moved\s+to|meet\s+(?:me\s+)?at)\s*$/i;
/** A month name or its abbreviation ("Mar", "March"; not "Markt"). */
const MONTH_RE = /^(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$/i;
/** A postal code on a later line of the block (", 62704", "\n Uruguay 64677"). */
const POSTAL_IN_BLOCK_RE = /[,\n][^]*?(?<![\p{L}\p{N}])(?:\d{4,5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\p{L}\p{N}])/u;
const HAS_BLOCK_RE = /(?:,|\n)[ \t>]*[\p{L}\p{N}]/u;
const UNIT_WORD_RE = /(?:Apt|APT|apt|Apartment|Suite|SUITE|suite|Unit|Flat)\b/;
/** Abbreviations whose dot belongs to the address. */
const ABBREVIATIONS = new Set(['st', 'ave', 'av', 'rd', 'blvd', 'ln', 'dr', 'ct', 'pl', 'sq', 'ter', 'pkwy', 'hwy', 'cir', 'trl', 'cres', 'str', 'n', 's', 'e', 'w', 'apt', 'ste', 'fl', 'rm', 'bldg', 'u', 'rkp']);

/** Trims trailing separators and a sentence-final dot; returns the new end. */
function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /[\s,>]/.test(text[e - 1] ?? '')) e--;
  if (text[e - 1] === '.') {
    const word = /([\p{L}]+)\.$/u.exec(text.slice(Math.max(start, e - 12), e))?.[1] ?? '';
    if (!ABBREVIATIONS.has(word.toLowerCase())) e--;
  }
  return e;
}

/**
 * Cheap pre-filter, a necessary condition for every street form: a house number followed by
 * whitespace and a capitalized word (or "rue", "via", …), or a capitalized word or a street word
 * ("gate", "u.", "weg", …) right before a number. Chat timestamps ("[04:49]") and "at 5 pm" fail
 * it. One regex, because V8 runs a simple regex faster than a JavaScript character loop.
 */
const GATE_RE =
  /\d[A-Za-z]?,?[ \t\r\n]+(?:[A-Z\u00C0-\u00DE\u0386-\u03AB\u0400-\u042F\d]|(?:rue|via|viale|avenue|av\.|boulevard|chemin|calle|avenida|rua|piazza|corso|largo|paseo|carrer|ul\.)[ \t])|[A-Z\u00C0-\u00DE\u0386-\u03AB\u0400-\u042F][^\s\d]*[ \t]?\d|(?:gate|gata|gatan|vej|gade|vei|veien|vägen|tér|u\.|utca|út|útja|körút|rkp\.|sor|köz|tie|katu|iela|ulica|cesta|straat|laan|weg|str\.)[ \t]?\d/;

/** Finds STREET_ADDRESS spans; see the module comment. */
function analyzeAddress(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  ADDRESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let lastEnd = 0;
  // every street form and box has a house or box number: no digit, only the lower-case cue forms remain
  if (digitCount(text) === 0) return withCorners(findLowerCaseAddresses(text), text);
  while ((m = ADDRESS_RE.exec(text)) !== null) {
    const g = m.groups ?? {};
    let start = m.index;
    let pattern = g.us !== undefined ? 'street-us-uk' : 'street-eu-prefix';
    if (g.street !== undefined) {
      start = m.index - g.street.length - (text[m.index - 1] === ' ' || text[m.index - 1] === '\t' ? 1 : 0);
      pattern = g.gen !== undefined ? 'street-generic' : 'street-eu';
    }
    const whole = text.slice(start, m.index + m[0].length);
    const lower = !/\p{Lu}/u.test(whole);
    const end = trimEnd(text, start, extendAddressTail(text, start, trimEnd(text, start, m.index + m[0].length), lower));
    const full = text.slice(start, end);
    const hasBlock = HAS_BLOCK_RE.test(full);
    if (g.gen !== undefined) {
      const firstWord = g.gen.split(/[ \t]/)[0] ?? '';
      const cue = ADDRESS_CUE_RE.test(text.slice(Math.max(0, start - 30), start));
      const unit = UNIT_WORD_RE.test(whole);
      if (MONTH_RE.test(firstWord) || (!cue && !unit && !(hasBlock && POSTAL_IN_BLOCK_RE.test(full)))) {
        ADDRESS_RE.lastIndex = m.index + 1;
        continue;
      }
    }
    if (start < lastEnd) continue;
    // ALL-CAPS street without a postal block: shouting chat ("2 CATCH UP BUT WE AVE") more often
    // than an address; left below the threshold for a context cue to lift.
    const shouting = !hasBlock && whole === whole.toUpperCase() && /\p{Lu}{2}/u.test(whole);
    results.push({ entityType: 'STREET_ADDRESS', start, end, score: shouting ? 0.3 : hasBlock ? 0.85 : 0.6, pattern });
    lastEnd = end;
    ADDRESS_RE.lastIndex = Math.max(end, m.index + 1);
  }
  // The gate is checked only when something was found: on chat it passes on most texts, so testing
  // it first costs more than it saves (same output either way). It does not apply to boxes.
  if (results.length > 0 && !GATE_RE.test(text)) results.length = 0;
  if (text.includes('Box') || text.includes('BOX') || text.includes('box') || text.includes('FPO') || text.includes('fpo')) {
    // a global BOX_RE scan, tried only where its first word starts
    const scan = new AnchoredScan(text, BOX_RE, BOX_AT_RE, triggerStarts(text, BOX_WORDS));
    let from = 0;
    while ((m = scan.next(from)) !== null) {
      const start = m.index;
      from = start + m[0].length;
      const end = trimEnd(text, start, start + m[0].length);
      // a box overlapping street spans ("Unit 4719 Box 7394 …", "P.O. Box 149 Example Union\n Apt. 4")
      // becomes one span with them
      let s0 = start;
      let e0 = end;
      let score = HAS_BLOCK_RE.test(m[0]) ? 0.85 : 0.6;
      for (let k = results.length - 1; k >= 0; k--) {
        const r = results[k]!;
        if (r.start < e0 && s0 < r.end) {
          s0 = Math.min(s0, r.start);
          e0 = Math.max(e0, r.end);
          score = Math.max(score, r.score);
          results.splice(k, 1);
        }
      }
      results.push({ entityType: 'STREET_ADDRESS', start: s0, end: e0, score, pattern: 'po-box' });
    }
  }
  // lower-case addresses after a cue, where no other form found one
  for (const r of findLowerCaseAddresses(text)) if (!results.some((x) => x.start < r.end && r.start < x.end)) results.push(r);
  return withCorners(results, text);
}

/** Adds street intersections, each replacing the street findings inside it; sorted by start. */
function withCorners(results: RecognizerResult[], text: string): RecognizerResult[] {
  for (const c of findCorners(text)) {
    const kept = results.filter((r) => r.end <= c.start || r.start >= c.end || r.start < c.start || r.end > c.end);
    if (kept.some((r) => r.start < c.end && c.start < r.end)) continue;
    results = [...kept, c];
  }
  return results.sort((a, b) => a.start - b.start);
}

/** STREET_ADDRESS recognizer (US, UK and EU street forms, P.O. boxes). */
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  entities: ['STREET_ADDRESS'],
  context: ['address', 'lives', 'live', 'located', 'ship', 'deliver', 'mail', 'street', 'home'],
  analyze: (text) => analyzeAddress(text),
};
