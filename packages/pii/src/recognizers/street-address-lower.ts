/**
 * Street addresses typed in lower case in chat ("i live at 12 main street, springfield",
 * "ship it to 3911 fourth avenue suite 112"): accepted only right after an address cue, because
 * lower case a number and two words ending in a street type are as often "5 min drive" or
 * "10 minute walk".
 *
 * Cue: "live(s)/living at|on", "located at|on", "address (is)", "ship(ped) (it) to",
 * "deliver(ed) to", "send (it) to", "moved to", "staying at". Then: house number (optionally a
 * second number), 1–4 lower-case name words, a street type (USPS Pub. 28 C1 common list, any
 * case), an optional direction and up to two units, and an optional ", city(, st)( zip)" tail.
 * Screen: runs only when the shared text pass saw a cue's first word, anchored at those words.
 */
import type { RecognizerResult } from '../types.ts';
import { AnchoredScan, countTriggers, TriggerGroup, triggerStarts } from '../text/text-facts.ts';
import { EN_STREET_SUFFIXES } from './data/street-suffixes.ts';
import { extendAddressTail } from './street-address-tail.ts';

const CUE_FIRST_WORDS = new TriggerGroup(['live', 'lives', 'living', 'located', 'address', 'ship', 'shipped', 'deliver', 'delivered', 'send', 'moved', 'staying']);
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUFFIX = `(?:${[...EN_STREET_SUFFIXES].sort((a, b) => b.length - a.length).map(esc).join('|')})`;
/** The same, lower case (for the regexes without the `i` flag). */
const SUFFIX_LOWER = SUFFIX.toLowerCase();
/** A street type right after another type, or after a leading type and a name, is prose ("5 example road street"). */
const NOT_AFTER_TYPE =
  "(?<!(?:\\s(?:street|st|road|rd|avenue|ave|av|drive|dr|lane|ln|boulevard|blvd|crescent|close|way)\\.?\\s+|\\d[a-z]?\\s+(?:avenue|av|rue|via|calle|rua|avenida)\\.?\\s+(?:[a-z][a-z'’-]*\\s+){1,3}))";
const UNIT = '(?:apt|apartment|suite|ste|unit|flat|fl|floor|room|rm|#)\\.?[ \\t]?#?[ \\t]?[a-z0-9-]{1,6}(?![a-z0-9])';
const CUE = '(?:(?:lives?|living|located|staying)[ \\t]+(?:at|on)|address(?:[ \\t]+is)?[ \\t]*:?|ship(?:ped)?[ \\t]+(?:it[ \\t]+)?to|deliver(?:ed)?[ \\t]+to|send[ \\t]+(?:it[ \\t]+)?to|moved[ \\t]+to)';
/** Units of time and distance: "5 min drive", "10 minute walk" are not streets. */
const DISTANCE = '(?:mins?|minutes?|hours?|hrs?|h|miles?|mi|km|kms|secs?|seconds?|days?|blocks?)';
const STREET =
  `\\d{1,6}[a-z]?(?:[ \\t]\\d{1,5})?[ \\t]+(?:[nsew]\\.?[ \\t]+)?(?!${DISTANCE}[ \\t])(?:(?:[a-z][a-z'’-]*|\\d{1,3}(?:st|nd|rd|th))[ \\t]+){1,4}${NOT_AFTER_TYPE}${SUFFIX}(?![a-z0-9])\\.?` +
  `(?:[ \\t]+(?:[nsew]|ne|nw|se|sw)(?![a-z0-9]))?(?:,?[ \\t]*${UNIT}){0,2}` +
  '(?:,[ \\t]*[a-z][a-z\'’-]*(?:[ \\t][a-z][a-z\'’-]*)?(?:,?[ \\t]+[a-z]{2})?(?:[ \\t]+\\d{5}(?:-\\d{4})?)?(?![a-z0-9]))?';
const LOWER_RE = new RegExp(`${CUE}[ \\t]+(?<street>${STREET})`, 'gi');
const LOWER_AT_RE = new RegExp(LOWER_RE.source, 'iy');

/**
 * Without a cue: house number, 1–4 lower-case words (any script), then a street type or a second
 * number, then an apartment or suite designator and its number ("12 example avenue apt 4",
 * "12 rua exemplo 40 suite 5"); "room" and "floor" do not count (hotel and office talk).
 */
const UNIT_NO_CUE = '(?:apt|apartment|suite|ste|unit)(?!\\p{L})\\.?[ \\t]?#?[ \\t]?[a-z0-9-]{1,6}(?![\\p{L}\\p{N}])';
const LOWER_UNIT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}.,:/-])\\d{1,6}[a-z]?(?:[ \\t]\\d{1,5})?[ \\t]+(?!${DISTANCE}[ \\t])(?:\\p{Ll}[\\p{Ll}'’-]*\\.?[ \\t]+){1,4}(?:(?:${SUFFIX_LOWER})(?![\\p{L}\\p{N}])\\.?|\\d{1,5}[a-z]?)[ \\t]+${UNIT_NO_CUE}`,
  'gu',
);
/** Quick screen for {@link LOWER_UNIT_RE}. */
const UNIT_WORD_RE = /apt|suite|unit|(?<![a-z])ste(?![a-z])/;

/**
 * Finds lower-case street addresses after an address cue, or without one when an apartment or
 * suite follows the street.
 * @returns STREET_ADDRESS results (score 0.6, pattern `street-lower-cued` or `street-lower-unit`),
 *   sorted by start, UTF-16 offsets into `text`.
 */
export function findLowerCaseAddresses(text: string): RecognizerResult[] {
  const out = countTriggers(text, CUE_FIRST_WORDS) === 0 ? [] : findCued(text);
  if (!UNIT_WORD_RE.test(text)) return out;
  LOWER_UNIT_RE.lastIndex = 0;
  for (let m = LOWER_UNIT_RE.exec(text); m !== null; m = LOWER_UNIT_RE.exec(text)) {
    const start = m.index;
    const matchEnd = start + m[0].length;
    if (out.some((r) => r.start < matchEnd && start < r.end)) continue;
    let e = extendAddressTail(text, start, matchEnd, true);
    while (e > start && /[\s,.]/.test(text[e - 1] ?? '')) e--;
    out.push({ entityType: 'STREET_ADDRESS', start, end: e, score: 0.6, pattern: 'street-lower-unit' });
    LOWER_UNIT_RE.lastIndex = Math.max(e, start + 1);
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The cued forms (see the module comment). */
function findCued(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  const scan = new AnchoredScan(text, LOWER_RE, LOWER_AT_RE, triggerStarts(text, CUE_FIRST_WORDS));
  let from = 0;
  for (let m = scan.next(from); m !== null; m = scan.next(from)) {
    const street = m.groups?.street ?? '';
    const end = m.index + m[0].length;
    let e = end;
    while (e > 0 && /[\s,.]/.test(text[e - 1] ?? '')) e--;
    if (text[end - 1] === '.' && /(?:st|ave|rd|blvd|ln|dr|ct|pl)\.$/i.test(text.slice(end - 5, end))) e = end;
    out.push({ entityType: 'STREET_ADDRESS', start: end - street.length, end: e, score: 0.6, pattern: 'street-lower-cued' });
    from = end;
  }
  return out;
}
