/**
 * Validation and lookup forms of a data subject's registered values (cases issue): whether a value
 * is well-formed for its field (invalid values are still stored, and flagged), and the canonical
 * form used for blind-index lookups — e-mail lower-cased without zero-width characters, phone in
 * E.164 (libphonenumber-js, default region none, so national numbers without `+` stay digits),
 * username without a leading `@`, lower-cased.
 */
import { isIP } from 'node:net';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { normalizeView } from '../normalize/normalize.ts';

/** Kinds of subject fields with a lookup form or a validity rule. */
export type SubjectValueKind = 'email' | 'phone' | 'ip' | 'username' | 'account' | 'date' | 'text';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Result of {@link checkSubjectValue}. */
export interface CheckedValue {
  valid: boolean;
  /** Lookup form (see module doc); equals the trimmed value for kinds without one. */
  canonical: string;
  /** For valid phone numbers: E.164 country calling code (e.g. `1`) and national number. */
  phone?: { countryCode: string; nationalNumber: string };
}

/**
 * Validates `value` as a `kind` field and returns its lookup form. Never throws.
 * `opts.defaultRegion` (ISO 3166-1 alpha-2, e.g. `US`): a phone written without `+` is read as a
 * number of that region (so `(201) 555-0147` gives `+12015550147`); without it such a number
 * stays digits.
 */
export function checkSubjectValue(kind: SubjectValueKind, value: string, opts: { defaultRegion?: string } = {}): CheckedValue {
  const v = normalizeView(value).text.replace(ZERO_WIDTH, '').trim();
  switch (kind) {
    case 'email': {
      const c = v.toLowerCase();
      return { valid: EMAIL.test(c), canonical: c };
    }
    case 'phone': {
      const region = opts.defaultRegion && !v.startsWith('+') && isSupportedCountry(opts.defaultRegion) ? opts.defaultRegion : undefined;
      const p = region ? parsePhoneNumberFromString(v, region) : parsePhoneNumberFromString(v);
      if (p?.isValid()) return { valid: true, canonical: p.number, phone: { countryCode: p.countryCallingCode, nationalNumber: p.nationalNumber } };
      return { valid: false, canonical: v.replace(/\D/g, '') };
    }
    case 'ip': {
      const family = isIP(v);
      return { valid: family !== 0, canonical: family === 6 ? expandIpv6(v) : v };
    }
    case 'username':
      return { valid: v.length > 0, canonical: v.replace(/^@/, '').toLowerCase() };
    case 'date':
      return { valid: DATE.test(v) && !Number.isNaN(Date.parse(v)), canonical: v };
    default:
      return { valid: v.length > 0, canonical: v };
  }
}

/** Fully expanded lower-case IPv6 form (`2001:0db8:0000:…`); `value` must be a valid IPv6 address. */
export function expandIpv6(value: string): string {
  let v = value.toLowerCase();
  const zone = v.indexOf('%');
  if (zone !== -1) v = v.slice(0, zone);
  const lastColon = v.lastIndexOf(':');
  const last = v.slice(lastColon + 1);
  if (last.includes('.')) {
    const o = last.split('.').map(Number);
    const hex = (x: number, y: number): string => ((x << 8) | y).toString(16);
    v = `${v.slice(0, lastColon + 1)}${hex(o[0] ?? 0, o[1] ?? 0)}:${hex(o[2] ?? 0, o[3] ?? 0)}`;
  }
  const [head = '', rest] = v.split('::');
  const a = head === '' ? [] : head.split(':');
  const b = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? a : [...a, ...Array<string>(Math.max(0, 8 - a.length - b.length)).fill('0'), ...b];
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
