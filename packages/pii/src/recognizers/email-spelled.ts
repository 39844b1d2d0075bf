/**
 * E-mail addresses written out to dodge filters: `jane dot doe at example dot com`,
 * `jane(at)example(dot)com`, `jane [at] example [dot] com`, `jane AT example DOT com`, and one
 * character at a time: `j a n e @ e x a m p l e . c o m` (screen: the text contains ` @ `), and
 * "defanged" or tokenized around a real `@`: `jane[@]example[.]com`, `jane@example[.]com`,
 * `jane @ example . com` (a common top-level label needed when only spaces mark it).
 *
 * A candidate is an "at" marker — `(at)`, `[at]`, `{at}`, `<at>` or the word `at` between spaces —
 * with a local part before it and a domain after it whose labels are joined by a "dot" marker
 * (`(dot)`, `[dot]`, ` dot `) or a real `.`, ending in an alphabetic top-level label. At least one
 * marker must be spelled out or bracketed other than a plain ` at `… followed by a real dotted domain
 * ("look at example.com" is a web site, not an address): a bare word `at` needs a spelled `dot`
 * somewhere in the address. Plain addresses are the `email` recognizer's.
 *
 * Screen: runs only when the shared text pass saw the word `dot` or a bracketed `at` occurs in the
 * text; then every whole word `at` is a candidate. Each candidate costs two bounded
 * sticky/anchored regex attempts (local part ≤ 80 code units back, domain ≤ 120 forward).
 */
import type { RecognizerResult } from '../types.ts';
import { countTriggers, TriggerGroup } from '../text/text-facts.ts';

/** The word "at" (its positions; {@link AT_WORD} screens for it in the shared text pass). */
const AT_WORD_RE = /(?<![A-Za-z])at(?![A-Za-z])/gi;
const DOT_WORD = new TriggerGroup(['dot']);
const AT_WORD = new TriggerGroup(['at']);
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** A spelled or bracketed dot, or a "defanged" one (`[.]`, `(.)`, as threat reports write addresses). */
const DOT_SPELLED = '(?:[ \\t]*[([{<][ \\t]*(?:dot|\\.)[ \\t]*[)\\]}>][ \\t]*|[ \\t]+dot[ \\t]+)';
/** A dot with spaces around it, as tokenized text has it (`example . com`). */
const DOT_SPACED = '[ \\t]+\\.[ \\t]+';
const DOT = `(?:${DOT_SPELLED}|${DOT_SPACED}|\\.)`;
/**
 * Top-level labels accepted after a spaced `@` with only spaced dots (`jane @ example . com`):
 * common generic ones and country codes, so "ping @ lunch . ok" is not an address.
 */
export const COMMON_TLDS: ReadonlySet<string> = new Set(
  'com org net edu gov mil int info biz io me co ai app dev uk us ca de fr es it nl be ch at se no dk fi pl cz ru ua jp cn kr in au nz br mx ar za ie pt gr tr il sg hk tw example test invalid'.split(' '),
);
/** The local part, ending where the at marker begins (searched in a window before it). */
const LOCAL_BEFORE = new RegExp(`(?<![A-Za-z0-9._%+-])${LABEL}(?:(?:${DOT}|[_+-])${LABEL}){0,4}$`, 'i');
/** The at marker (the word, a bracketed `at` or `@`, or an `@` with spaces around it) and the domain, from the marker's first code unit. */
const AT_DOMAIN = new RegExp(
  `(?<at>[ \\t]*[([{<][ \\t]*(?:at|@)[ \\t]*[)\\]}>][ \\t]*|[ \\t]+(?:at|@)[ \\t]+|@)(?<domain>${LABEL}(?:${DOT}${LABEL}){0,3}${DOT}[A-Za-z]{2,24})(?![A-Za-z0-9])`,
  'iy',
);
const SPELLED_DOT_RE = new RegExp(DOT_SPELLED, 'i');
/**
 * Words that make a plain ` at … dot com` a sentence rather than an address ("meet at the dot com
 * party", "I was at home dot com"): determiners, pronouns and places, as a local part or first
 * domain label of the bare-word form.
 */
const SENTENCE_WORDS = new Set(['the', 'a', 'an', 'my', 'your', 'our', 'his', 'her', 'their', 'its', 'this', 'that', 'home', 'work', 'school', 'was', 'were', 'is', 'are', 'be', 'been', 'meet', 'me', 'you', 'him', 'them', 'us', 'it', 'look', 'looking', 'see', 'arrive', 'arrived', 'least', 'last', 'first', 'all', 'once']);
const FIRST_WORD = /^[A-Za-z0-9-]+/;
const LAST_WORD = /[A-Za-z0-9-]+$/;
const BRACKETED_AT = /[([{<][ \t]*(?:at|@)[ \t]*[)\]}>]/i;
/** Screen for the forms around a real `@`: a bracketed `@` or dot, or an `@` with spaces around it. */
const DEFANGED = /[([{<][ \t]*[@.][ \t]*[)\]}>]|[ \t]@[ \t]/;

/**
 * Finds e-mail addresses written out with spelled or bracketed "at" and "dot".
 * @returns EMAIL_ADDRESS results (score 0.85, pattern `email-spelled`), UTF-16 offsets into `text`.
 */
export function findSpelledEmails(text: string): RecognizerResult[] {
  const spaced = text.includes(' @ ') ? findLetterSpacedEmails(text) : [];
  const words = findWordEmails(text);
  return spaced.length === 0 ? words : [...spaced, ...words.filter((w) => !spaced.some((x) => x.start < w.end && w.start < x.end))];
}

/**
 * An address written one character at a time with a space between every character
 * (`j a n e @ e x a m p l e . c o m`): single characters joined by single spaces around an `@`,
 * a domain of at least two labels ending in an alphabetic top-level label of ≥ 2 letters.
 */
const LETTER_SPACED_RE = /(?<![^\s])(?:[A-Za-z0-9_%+-] (?:\. )?){1,64}@(?: [A-Za-z0-9-]){1,63}(?: \.(?: [A-Za-z0-9-]){1,63}){1,4}(?![^\s.,;:!?)])/g;

/** Finds letter-spaced addresses (score 0.85, pattern `email-letter-spaced`). */
function findLetterSpacedEmails(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  LETTER_SPACED_RE.lastIndex = 0;
  for (let m = LETTER_SPACED_RE.exec(text); m !== null; m = LETTER_SPACED_RE.exec(text)) {
    const tld = /\.([A-Za-z ]+)$/.exec(m[0])?.[1]?.replace(/ /g, '') ?? '';
    if (/^[A-Za-z]{2,24}$/.test(tld)) out.push({ entityType: 'EMAIL_ADDRESS', start: m.index, end: m.index + m[0].length, score: 0.85, pattern: 'email-letter-spaced' });
  }
  return out;
}

/** The word forms ("at", "dot", bracketed markers); see the module comment. */
function findWordEmails(text: string): RecognizerResult[] {
  // cheapest tests first (the shared text pass): every form has the word "at" (bare or bracketed),
  // and most texts have neither the word "dot" nor a bracketed "at"
  const atWords = countTriggers(text, AT_WORD) > 0;
  const hasAt = text.includes('@');
  const defanged = hasAt && DEFANGED.test(text);
  const dotWords = countTriggers(text, DOT_WORD) > 0;
  // a real `@` with a spelled dot (`jane@example dot com`) is a candidate too (red team 4)
  const realAt = defanged || (hasAt && dotWords);
  if (!atWords && !realAt) return [];
  if (!defanged && !dotWords && !BRACKETED_AT.test(text)) return [];
  const ats: number[] = [];
  if (atWords) for (const m of text.matchAll(AT_WORD_RE)) ats.push(m.index);
  if (realAt) {
    for (let k = text.indexOf('@'); k !== -1; k = text.indexOf('@', k + 1)) ats.push(k);
    ats.sort((x, y) => x - y);
  }
  if (ats.length === 0) return [];
  const out: RecognizerResult[] = [];
  let lastEnd = 0;
  for (const a of ats) {
    if (a < lastEnd) continue;
    // the marker begins at the opening bracket or at the whitespace before the word
    let m = a;
    const open = text.charCodeAt(a - 1);
    if (open === 40 || open === 91 || open === 123 || open === 60) m = a - 1;
    while (m > 0 && (text.charCodeAt(m - 1) === 32 || text.charCodeAt(m - 1) === 9)) m--;
    if (m <= lastEnd) continue;
    AT_DOMAIN.lastIndex = m;
    const d = AT_DOMAIN.exec(text);
    if (d === null) continue;
    const local = LOCAL_BEFORE.exec(text.slice(Math.max(lastEnd, m - 80), m));
    if (local === null) continue;
    const start = m - local[0].length;
    const end = m + d[0].length;
    const whole = text.slice(start, end);
    const marker = d.groups?.at ?? '';
    const bracketed = BRACKETED_AT.test(marker);
    if (!bracketed && !SPELLED_DOT_RE.test(whole)) {
      // a plain `@` is the `email` recognizer's; a spaced one needs a common top-level label
      const tld = /[A-Za-z]+$/.exec(d.groups?.domain ?? '')?.[0].toLowerCase() ?? '';
      if (!/^[ \t]+@[ \t]+$/.test(marker) || !COMMON_TLDS.has(tld)) continue;
    }
    if (!bracketed) {
      const localWord = (LAST_WORD.exec(local[0])?.[0] ?? '').toLowerCase();
      const domainWord = (FIRST_WORD.exec(d.groups?.domain ?? '')?.[0] ?? '').toLowerCase();
      if (SENTENCE_WORDS.has(localWord) || SENTENCE_WORDS.has(domainWord)) continue;
    }
    out.push({ entityType: 'EMAIL_ADDRESS', start, end, score: 0.85, pattern: 'email-spelled' });
    lastEnd = end;
  }
  return out;
}
