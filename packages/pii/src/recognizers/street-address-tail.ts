/**
 * The postal tail of a street address: what follows the street and its units, so the whole
 * address is one finding ("…, Springfield, IL 62704", "…\n Springfield\n, nan\n 62704",
 * "… Apt. 4 SPRINGFIELD Examplia", "…\n ΛΕΥΚΩΣΙΑ\n Cyprus (Greek) 12345").
 *
 * Grammar, one component at a time after the street (at most {@link MAX_COMPONENTS}):
 * - separator: a comma and/or line breaks (e-mail quoting `>` allowed), or — right after a unit
 *   designator only — spaces ("Apt 4 Springfield IL 62704");
 * - component: a postcode (ZIP, ZIP+4, 4 digits, `12-345`, UK BS 7666, Canadian `A1A 1A1`);
 *   a region code (2–3 letters or 1–2 digits) followed by a postcode; a place (1–4 capitalized
 *   words with particles, an optional parenthesized qualifier "(Greek)") with an optional region
 *   code and postcode; a region code on its own line before a postcode line.
 * - a place or region must end where an address line ends: end of text, line break, comma,
 *   sentence punctuation, or (after a comma or unit) a following lower-case word ("… Springfield
 *   last night"). In a lower-case address, lower-case place words are accepted too, but only
 *   ending at a line end, comma, sentence punctuation or the end of text.
 * All regexes are sticky with bounded repetitions: linear in the tail's length.
 */

/** Upper-case letters (Latin, Latin-1/Extended, Greek, Cyrillic) plus U+2206 "∆", the Greek Delta of legacy encodings. */
const LU = 'A-Z\\u00C0-\\u00D6\\u00D8-\\u00DE\\u0100-\\u017F\\u0386-\\u03AB\\u0400-\\u042F\\u1E00-\\u1EFF\\u2206';
/** Any letter of the same scripts. */
const LL = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0300-\\u036F\\u0370-\\u03FF\\u0400-\\u04FF\\u1E00-\\u1EFF\\u2206';
const LN = `${LL}0-9`;
const PARTICLE = '(?:de|du|des|la|le|del|della|di|da|do|dos|das|am|an|im|sur|upon|on|en|na|nad|pod|u|v|z|y|i|bei|ob|in)';
/** A place word: no dot inside ("Poland. It" is two sentences); "St." and "Mt." only as the first word. */
const CAP_WORD = `[${LU}][${LL}'’-]*`;

const SAINT = '(?:(?:St|Ste|Mt|Ft)\\.[ \\t]?)?';
const QUALIFIER = `(?:[ \\t]+\\([${LL} ]{1,30}\\))?`;
const PLACE_CAP = `${SAINT}${CAP_WORD}(?:[ -](?:${PARTICLE}[ -])?${CAP_WORD}){0,3}${QUALIFIER}`;
const POSTCODE = `(?:\\d{5}(?:-\\d{4})?|\\d{4}|\\d{2}-\\d{3}|[A-Z]{1,2}\\d[A-Z\\d]?[ \\t]?\\d[A-Z]{2}|[A-Z]\\d[A-Z][ \\t]?\\d[A-Z]\\d)(?![${LN}])`;
/** Short words of running text that are never a region code ("…, Springfield and 12…"). */
const NOT_REGION =
  '(?:and|or|the|for|but|nor|yet|so|to|in|on|at|of|by|as|is|it|if|we|he|me|my|us|an|am|pm|be|do|go|no|up|you|our|its|are|was|has|had|not|all|any|can|may|who|how|why|now|see|get|got|let|put|say|she|her|him|his|one|two|too|off|out|own|per|via|due|ago|yes|day|new|old|way|did|use|pls|thx|lol|ok|btw|omw|ur|im|ya|yo|tmr|tmw|asap)';
/** Words of running text that are never a lower-case place word ("…, and then we went"). */
const NOT_PLACE = `(?:${NOT_REGION.slice(3, -1)}|then|than|when|with|from|this|that|these|those|there|here|what|where|which|will|would|could|should|just|also|very|really|please|thanks|thank|after|before|since|until|last|next|tonight|today|tomorrow|yesterday)`;
/** A place word of a lower-case address (not a word of running text). */
const ANY_WORD = `(?!${NOT_PLACE}(?![${LN}]))[${LL}][${LL}'’-]*`;
const PLACE_ANY = `${SAINT}${ANY_WORD}(?:[ -]${ANY_WORD}){0,3}${QUALIFIER}`;
/** A region code of any case ("IL", "nan", "32"). */
const REGION = `(?!${NOT_REGION}(?![${LN}]))(?:[${LL}]{2,3}|\\d{1,2})(?![${LN}])`;
/** A region code in capitals or digits. */
const REGION_UP = `(?:[A-Z]{2,3}|\\d{1,2})(?![${LN}])`;
/** Separators between components that start a new address line. */
const LINE_SEP = '(?:[ \\t]*,[ \\t]*(?:\\r?\\n[ \\t>]*)*|[ \\t]*(?:\\r?\\n[ \\t>]*)+,?[ \\t]*)';
/** Where a place or region component may end. */
const LINE_END = '(?=[ \\t]*(?:$|[\\r\\n,.?!;)]))';
const LINE_END_OR_WORD = `(?=[ \\t]*(?:$|[\\r\\n,.?!;)])|[ \\t]+[a-z])`;

const component = (place: string, end: string): string =>
  `(?:${POSTCODE}|${REGION}[ \\t]+${POSTCODE}|${place},?[ \\t]+${REGION}(?:[ \\t]+${POSTCODE}|${end})` +
  `|${place}(?:,?[ \\t]+${REGION_UP})?(?:[ \\t]+${POSTCODE}|${end})|${REGION}(?=${LINE_SEP}(?:${place}[ \\t]+)?${POSTCODE}))`;

const sticky = (source: string): RegExp => new RegExp(source, 'y');
/** Capitalized address, comma or line-break separated. */
const CAP_LINE_RE = sticky(`${LINE_SEP}${component(PLACE_CAP, LINE_END_OR_WORD)}`);
/** Capitalized address, same line after a unit ("Suite 215 NUNGATTA Examplia"). */
const CAP_SAME_LINE_RE = sticky(`[ \\t]+${component(PLACE_CAP, LINE_END_OR_WORD)}`);
/** Lower-case address. */
const ANY_LINE_RE = sticky(`${LINE_SEP}${component(PLACE_ANY, LINE_END)}`);
const ANY_SAME_LINE_RE = sticky(`[ \\t]+${component(PLACE_ANY, LINE_END)}`);
/** A parenthesized qualifier after a place name the street part already took ("ΛΕΥΚΩΣΙΑ (LEFKOSIA)"). */
const QUALIFIER_RE = sticky(`[ \\t]+\\([${LL} ]{1,30}\\)(?=[ \\t]*(?:$|[\\r\\n,]))`);
/** A unit designator and its number at the end of the street part. */
const ENDS_WITH_UNIT_RE = /(?:^|[^\p{L}\p{N}])(?:apt|apartment|suite|ste|unit|flat|fl|floor|room|rm|bldg|#)\.?[ \t]?#?[ \t]?[a-z0-9-]{1,6}$/iu;

/** A postcode closes the block. */
const ENDS_WITH_POSTCODE_RE = /(?:^|[^\p{L}\p{N}])(?:\d{4,5}|\d{5}-\d{4}|\d{2}-\d{3}|[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d)$/u;

/** At most this many tail components (unit line, city, region, country, postcode and one spare). */
const MAX_COMPONENTS = 6;

/**
 * Extends an address whose street part (with units) ends at `end` by its postal tail.
 * @param text the whole text (UTF-16).
 * @param start the address's first code unit.
 * @param end the end of what was matched so far (exclusive).
 * @param lowerCase whether the street was written in lower case (then lower-case place words count).
 * @returns the new end (≥ `end`); the caller trims trailing separators.
 */
export function extendAddressTail(text: string, start: number, end: number, lowerCase: boolean): number {
  let e = end;
  // a block that already ended with a postcode is complete
  if (ENDS_WITH_POSTCODE_RE.test(text.slice(start, end)) && /[,\n]/.test(text.slice(start, end))) return end;
  QUALIFIER_RE.lastIndex = e;
  e += QUALIFIER_RE.exec(text)?.[0].length ?? 0;
  const line = lowerCase ? ANY_LINE_RE : CAP_LINE_RE;
  const same = lowerCase ? ANY_SAME_LINE_RE : CAP_SAME_LINE_RE;
  for (let k = 0; k < MAX_COMPONENTS; k++) {
    line.lastIndex = e;
    let m = line.exec(text);
    if (!m && k === 0 && ENDS_WITH_UNIT_RE.test(text.slice(Math.max(start, e - 16), e))) {
      same.lastIndex = e;
      m = same.exec(text);
    }
    if (!m || m[0].length === 0) break;
    e += m[0].length;
    if (ENDS_WITH_POSTCODE_RE.test(m[0])) break;
  }
  return e;
}
