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
 * - "P.O. Box 123".
 * Score 0.6 for a street alone, 0.85 with a city/state/postcode tail.
 * Screen: the text must contain a digit. All patterns are linear-time (bounded repetitions).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { EN_STREET_SUFFIXES, EU_STREET_ENDINGS, EU_STREET_PREFIXES, EU_STREET_WORDS } from './data/street-suffixes.ts';

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const withCases = (words: readonly string[]): string =>
  [...new Set(words.flatMap((w) => [w, w.toUpperCase(), w.toLowerCase()]))]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join('|');

const SUFFIX = `(?:${withCases(EN_STREET_SUFFIXES)})`;
const NAME = `(?:[\\p{Lu}][\\p{L}\\p{M}'’-]*\\.?|\\d{1,3}(?:st|nd|rd|th))`;
const DIR = '(?:[NSEW]\\.?|N[EW]|S[EW]|North|South|East|West)';
const UNIT_CORE = `(?:(?:Apt|APT|apt|Apartment|Suite|SUITE|suite|Ste|Unit|UNIT|unit|Fl|Floor|Room|Rm|Bldg|Flat|#)\\.?\\s?#?\\s?[A-Za-z0-9-]{1,6}(?![\\p{L}\\p{N}]))`;
const CITY = `(?:[\\p{Lu}][\\p{L}\\p{M}'’.-]*(?:[ -][\\p{Lu}][\\p{L}\\p{M}'’.-]*){0,2})`;
const UK_POSTCODE = '(?:[A-Z]{1,2}\\d[A-Z\\d]?\\s?\\d[A-Z]{2})';
const ZIP = '(?:\\d{5}(?:-\\d{4})?|\\d{4}|\\d{2}-\\d{3})';
/** Separator between address lines: a comma or a line break (also e-mail quoting ">"). */
const SEP = '(?:[ \\t]*,[ \\t]*(?:\\r?\\n[ \\t>]*)?|[ \\t]*(?:\\r?\\n[ \\t>]*)+,?[ \\t]*)';
/**
 * Up to five further address lines: unit, city (followed by a comma or a line break), state
 * code, "Country 12345", "12345 City", UK postcode. Each line starts after a comma or newline,
 * so the span stops at the end of the address.
 */
const BLOCK = `(?:${SEP}(?:${UNIT_CORE}|${UK_POSTCODE}(?![\\p{L}\\p{N}])|(?:[A-Z]{1,2}-)?\\d{4,5}[ \\t]+${CITY}|[A-Z]{2}(?:[ \\t]+${ZIP})?(?![\\p{L}\\p{N}])|${CITY}(?:[ \\t]+${ZIP}|,?[ \\t]+[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?|[ \\t]+${UK_POSTCODE})(?![\\p{L}\\p{N}])|${CITY}(?=[ \\t]*(?:\\r?\\n|,))|${ZIP}(?![\\p{L}\\p{N}]))){0,5}`;
const TAIL = `(?:[ \\t]*${UNIT_CORE})?${BLOCK}`;

const HOUSE = '\\d{1,6}[A-Za-z]?(?:[-/]\\d{1,4}[A-Za-z]?)?';
const US_STREET = `(?<![\\p{L}\\p{N}.,:/-])${HOUSE}(?:[ \\t]\\d{1,5})?,?\\s+(?:${DIR}\\s+)?(?:${NAME}\\s+){1,4}${SUFFIX}(?![\\p{L}\\p{N}])\\.?(?:\\s+${DIR}(?![\\p{L}\\p{N}]))?${TAIL}`;
const EU_COMPOUND = `(?<![\\p{L}\\p{N}])(?:${HOUSE}[ \\t]+)?(?:[\\p{Lu}][\\p{L}\\p{M}-]{2,}(?:${EU_STREET_ENDINGS.map(esc).join('|')})|(?:[\\p{Lu}][\\p{L}\\p{M}-]*\\s+)?(?:Straße|Strasse|Str\\.|Weg|Platz|Allee|Gasse|Damm|Laan|Straat|Plein)|(?:[\\p{Lu}][\\p{L}\\p{M}-]*\\s+){1,3}(?:${EU_STREET_WORDS.map(esc).join('|')}))\\s?${HOUSE}(?![\\p{L}\\p{N}])${TAIL}`;
const ARTICLE = "(?:de|du|des|la|le|l'|d'|del|della|di|da|do|dos|das|dei|el|von|van)";
const EU_PREFIX_WORDS = `(?:${EU_STREET_PREFIXES.map(esc).join('|')})`;
const EU_PREFIX_AFTER = `(?<![\\p{L}\\p{N}])${EU_PREFIX_WORDS}\\s+(?:${ARTICLE}\\s+|${NAME}\\s+){0,4}${NAME},?\\s+${HOUSE}(?![\\p{L}\\p{N}])${TAIL}`;
const EU_PREFIX_BEFORE = `(?<![\\p{L}\\p{N}.,:/-])${HOUSE},?\\s+(?:${EU_STREET_PREFIXES.map((w) => `${esc(w)}|${esc(w.toLowerCase())}`).join('|')})\\s+(?:${ARTICLE}\\s+|${NAME}\\s+){0,4}${NAME}(?![\\p{L}\\p{N}])${TAIL}`;
const PO_BOX = `(?<![\\p{L}\\p{N}])P\\.?\\s?O\\.?\\s?Box\\s+\\d{1,6}${TAIL}`;
/** US military addresses (USPS Pub. 28 §225): "PSC 1234, Box 5678\\nAPO AE 09001". */
const MILITARY = '(?<![\\p{L}\\p{N}])(?:PSC|CMR|Unit)\\s\\d{1,5},?\\s+Box\\s\\d{1,5}\\s+(?:APO|FPO|DPO)\\s+A[AEP]\\s+\\d{5}';
/**
 * House number + 1–3 capitalized words + number ("20789 Allika 46"): accepted only as the
 * start of a multi-line block or right after an address cue (checked in code).
 */
const GENERIC = `(?<![\\p{L}\\p{N}.,:/-])(?:${HOUSE}[ \\t]+)?(?:[\\p{Lu}][\\p{L}\\p{M}'’.-]*[ \\t]+){1,3}\\d{1,4}[a-z]?\\.?(?![\\p{L}\\p{N}])${TAIL}`;
const ADDRESS_CUE_RE = /(?:lives?\s+(?:at|on)|living\s+at|address(?:\s+is)?\s*:?|located\s+at|office\s+is\s+at|ship(?:ped)?\s+to|deliver(?:ed)?\s+to|send\s+(?:it\s+)?to|return\s+to|moved\s+to|meet\s+(?:me\s+)?at)\s*$/i;

const ADDRESS_RE = new RegExp(
  `(?<us>${US_STREET})|(?<eu>${EU_COMPOUND})|(?<pa>${EU_PREFIX_AFTER})|(?<pb>${EU_PREFIX_BEFORE})|(?<po>${PO_BOX}|${MILITARY})|(?<gen>${GENERIC})`,
  'gu',
);
const SCREEN_RE = /\d/;
/** A postal code on a later line of the block (", 62704", "\n Uruguay 64677"). */
const POSTAL_IN_BLOCK_RE = /[,\n][^]*?(?<![\p{L}\p{N}])(?:\d{4,5}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![\p{L}\p{N}])/u;
/** Abbreviations whose dot belongs to the address. */
const ABBREVIATIONS = new Set(['st', 'ave', 'av', 'rd', 'blvd', 'ln', 'dr', 'ct', 'pl', 'sq', 'ter', 'pkwy', 'hwy', 'cir', 'trl', 'cres', 'str', 'n', 's', 'e', 'w', 'apt', 'ste', 'fl', 'rm', 'bldg']);

/** Finds STREET_ADDRESS spans; see the module comment. */
function analyzeAddress(text: string): RecognizerResult[] {
  if (!SCREEN_RE.test(text)) return [];
  const results: RecognizerResult[] = [];
  ADDRESS_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ADDRESS_RE.exec(text)) !== null) {
    const g = m.groups ?? {};
    const hasBlock = /(?:,|\n)[ \t>]*[\p{L}\p{N}]/u.test(m[0]);
    if (g.gen !== undefined) {
      const cue = ADDRESS_CUE_RE.test(text.slice(Math.max(0, m.index - 30), m.index));
      const unit = /(?:Apt|APT|apt|Apartment|Suite|SUITE|suite|Unit|Flat)\b/.test(m[0]);
      if (!cue && !unit && !(hasBlock && POSTAL_IN_BLOCK_RE.test(m[0]))) {
        ADDRESS_RE.lastIndex = m.index + 1;
        continue;
      }
    }
    let end = m.index + m[0].length;
    while (end > m.index && /[\s,>]/.test(text[end - 1] ?? '')) end--;
    // A final dot ends the sentence unless it closes an abbreviation ("Main St.").
    if (text[end - 1] === '.') {
      const word = /([\p{L}]+)\.$/u.exec(text.slice(Math.max(m.index, end - 12), end))?.[1] ?? '';
      if (!ABBREVIATIONS.has(word.toLowerCase())) end--;
    }
    const pattern = g.us ? 'street-us-uk' : g.eu ? 'street-eu-compound' : g.po ? 'po-box' : g.gen ? 'street-generic-block' : 'street-eu-prefix';
    results.push({ entityType: 'STREET_ADDRESS', start: m.index, end, score: hasBlock ? 0.85 : 0.6, pattern });
    ADDRESS_RE.lastIndex = Math.max(end, m.index + 1);
  }
  return results;
}

/** STREET_ADDRESS recognizer (US, UK and EU street forms, P.O. boxes). */
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  entities: ['STREET_ADDRESS'],
  context: ['address', 'lives', 'live', 'located', 'ship', 'deliver', 'mail', 'street', 'home'],
  analyze: (text) => analyzeAddress(text),
};
