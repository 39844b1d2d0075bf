/**
 * Canonical form of known values and of candidate windows, identical on both sides:
 * the analyzer's normalized view (zero-width stripped, NFKC per code point, homoglyphs folded),
 * tokenized like the matcher ({@link tokenize}), each code unit lower-cased ({@link lowerUnit}),
 * tokens joined by one space. Phone-like values (only digits and phone punctuation
 * `+ ( ) - . /` and spaces, at least 7 digits, not a dotted quad) become `tel:` + their digits
 * without leading zeros, so `020 7946 0018` and `+44 20 7946 0018` meet on the national significant
 * number when the international form is also registered (see `index.ts`).
 */
import { normalizeView } from '../normalize/normalize.ts';
import { lowerUnit, tokenize, type TokenBuffer } from './tokens.ts';

const PHONE_LIKE = /^\+?[\d\s()./-]+$/;
const DOTTED_QUAD = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/** `tel:` + digits of `s` without leading zeros. */
export function phoneKey(s: string): string {
  return 'tel:' + s.replace(/\D/g, '').replace(/^0+/, '');
}

/** Is `s` phone-like (see module doc)? */
export function isPhoneLike(s: string): boolean {
  if (!PHONE_LIKE.test(s) || DOTTED_QUAD.test(s)) return false;
  let digits = 0;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) digits++;
  return digits >= 7;
}

/** Canonical token form: tokens lower-cased and joined by one space. */
export function canonicalText(value: string): string {
  const text = normalizeView(value).text;
  const buf: TokenBuffer = { starts: [], ends: [], count: 0 };
  tokenize(text, buf);
  const parts: string[] = [];
  for (let k = 0; k < buf.count; k++) {
    let t = '';
    for (let i = buf.starts[k]!; i < buf.ends[k]!; i++) t += String.fromCharCode(lowerUnit(text.charCodeAt(i)));
    parts.push(t);
  }
  return parts.join(' ');
}

/** Canonical key of a value: `tel:<digits>` for phone-like values, else {@link canonicalText}. */
export function canonicalKey(value: string): string {
  const trimmed = normalizeView(value).text.trim();
  return isPhoneLike(trimmed) ? phoneKey(trimmed) : canonicalText(value);
}
