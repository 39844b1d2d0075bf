/**
 * EMAIL_ADDRESS recognizer: a pragmatic subset of RFC 5322 `addr-spec` (dot-atom local part, DNS
 * domain with at least two labels and an alphabetic or IDNA `xn--` top-level label; RFC 5321 length
 * limits: local part ≤ 64, domain ≤ 255).
 *
 * Linear time: each `@` is found with `indexOf`, and the scan left/right from it is bounded by the
 * length limits, so adversarial inputs (`x.a.a.a…@`) cost O(n).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { isAsciiAlnum } from '../text/chars.ts';
import { COMMON_TLDS, findSpelledEmails } from './email-spelled.ts';

const LOCAL_EXTRA = new Set<number>([...".!#$%&'*+/=?^_`{|}~-"].map((c) => c.charCodeAt(0)));

/** `*`, `~` and backtick: Markdown markers that may touch an address's first character. */
const MARKUP = new Set<number>([42, 126, 96]);

/**
 * A local-part character: ASCII atext, or (RFC 6531 internationalized addresses) a Latin, Greek or
 * Cyrillic letter or a combining mark, so `jáne@…` is not cut to `ne@…` with `já` left raw. Letters of
 * scripts written without spaces (CJK) are not taken: they are the words around a glued address.
 */
function isLocalChar(c: number): boolean {
  if (c < 0x80) return isAsciiAlnum(c) || LOCAL_EXTRA.has(c);
  return (c >= 0xc0 && c <= 0x24f && c !== 0xd7 && c !== 0xf7) || (c >= 0x300 && c <= 0x36f) || (c >= 0x386 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff) || (c >= 0x1e00 && c <= 0x1eff);
}

/**
 * A domain character: LDH (letters, digits, hyphen) and dots, or (internationalized domain names,
 * RFC 5890) a Latin, Greek or Cyrillic letter or combining mark, so `jane@exámple.com` (also typed
 * as `a` + U+0301) is not left raw.
 */
function isDomainChar(c: number): boolean {
  return isAsciiAlnum(c) || c === 45 || c === 46 || (c >= 0x80 && isLocalChar(c));
}

/** Validates a domain (labels 1–63 chars, no leading/trailing hyphen, TLD alphabetic ≥ 2 or `xn--`). */
function domainValid(domain: string): boolean {
  if (domain.length > 255) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const l of labels) {
    if (l.length === 0 || l.length > 63 || l.startsWith('-') || l.endsWith('-')) return false;
  }
  const tld = labels[labels.length - 1] ?? '';
  return /^(?:[a-z]{2,63}|xn--[a-z0-9-]{2,59})$/i.test(tld);
}

/** Length of a line break ending just before `i` (`\n` or `\r\n`), else 0. */
function breakBefore(text: string, i: number): number {
  if (text.charCodeAt(i - 1) !== 10) return 0;
  return text.charCodeAt(i - 2) === 13 ? 2 : 1;
}

/** Length of a line break starting at `i` (`\n` or `\r\n`), else 0. */
function breakAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  return c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 0;
}

/**
 * Finds e-mail addresses in `text`, also one split by a line break right after its `@`
 * (`jane@⏎example.com`) or right before it when the domain ends in a common top-level label
 * (`jane.doe⏎@example.com`; a line starting with an `@mention.of.someone` is not taken).
 */
export function findEmails(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  let at = text.indexOf('@');
  let minStart = 0;
  while (at !== -1) {
    const before = breakBefore(text, at);
    const after = before > 0 ? 0 : breakAt(text, at + 1);
    const localEnd = at - before;
    const domainStart = at + 1 + after;
    // local part: scan left, at most 64 units
    let s = localEnd;
    while (s > minStart && localEnd - s < 65 && isLocalChar(text.charCodeAt(s - 1))) s--;
    // dots are not allowed at either end of the local part
    while (s < localEnd && text.charCodeAt(s) === 46) s++;
    // Markdown emphasis/code markers (`**a@b.example**`, `~~…~~`, `` `…` ``) are legal atext but are
    // formatting, not part of the address: a leading run of `*`, `~` or backticks is left out.
    const scanStart = s;
    while (s < localEnd - 1 && MARKUP.has(text.charCodeAt(s))) s++;
    let e = domainStart;
    const limit = Math.min(text.length, domainStart + 255);
    while (e < limit && isDomainChar(text.charCodeAt(e))) e++;
    while (e > domainStart && (text.charCodeAt(e - 1) === 46 || text.charCodeAt(e - 1) === 45)) e--;
    const localLen = localEnd - s;
    const localOk =
      localLen > 0 &&
      localLen <= 64 &&
      !(scanStart > minStart && isLocalChar(text.charCodeAt(scanStart - 1))) &&
      text.charCodeAt(localEnd - 1) !== 46 &&
      !text.slice(s, localEnd).includes('..');
    const domain = text.slice(domainStart, e);
    const tldOk = before === 0 || COMMON_TLDS.has(domain.slice(domain.lastIndexOf('.') + 1).toLowerCase());
    if (localOk && e > domainStart && text.charCodeAt(e) !== 64 && domainValid(domain) && tldOk) {
      out.push({ entityType: 'EMAIL_ADDRESS', start: s, end: e, score: 1.0, pattern: 'email-addr-spec' });
      minStart = e;
    }
    at = text.indexOf('@', Math.max(at + 1, minStart));
  }
  return out;
}

/**
 * EMAIL_ADDRESS recognizer (score 1.0 on a structurally valid address; 0.85 on one written out with
 * spelled or bracketed "at"/"dot", see `email-spelled.ts`).
 */
export const emailRecognizer: Recognizer = {
  name: 'email',
  entities: ['EMAIL_ADDRESS'],
  context: ['email', 'e-mail', 'mail', 'contact'],
  analyze: (text) => {
    const plain = text.indexOf('@') === -1 ? [] : findEmails(text);
    const spelled = findSpelledEmails(text);
    return spelled.length === 0 ? plain : [...plain, ...spelled];
  },
};
