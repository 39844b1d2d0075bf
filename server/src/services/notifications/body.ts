/**
 * The text of a notification: the message's stored, tokenized text with every protected item
 * replaced by its label in words ("an e-mail address") — the same words the web app's chips show
 * (`web/src/lib/entity-words.ts`, kept in step by hand). Never a value, never a token id: the
 * input is the stored text (placeholders only) and its entity spans, not raw input.
 */

const NOUNS: Record<string, string> = {
  PERSON: 'a name',
  USERNAME: 'a username',
  EMAIL_ADDRESS: 'an e-mail address',
  PHONE_NUMBER: 'a phone number',
  IP_ADDRESS: 'an IP address',
  DEVICE_ID: 'a device ID',
  MAC_ADDRESS: 'a MAC address',
  CREDIT_CARD: 'a card number',
  IBAN_CODE: 'a bank account (IBAN)',
  US_SSN: 'a social security number',
  US_DRIVER_LICENSE: "a driver's licence",
  US_PASSPORT: 'a passport number',
  PASSPORT: 'a passport number',
  DATE_OF_BIRTH: 'a date of birth',
  STREET_ADDRESS: 'a street address',
  LOCATION: 'a place',
  GEO_COORDINATES: 'map coordinates',
  URL: 'a profile link',
  KNOWN_SUBJECT: "a case subject's data",
};

/** Longest notification body, in UTF-16 code units (an ellipsis marks a cut). */
export const MAX_BODY = 200;

/** `EMAIL_ADDRESS` → `an e-mail address`; unknown types → `personal data`. */
export function entityPhrase(entityType: string): string {
  return NOUNS[entityType] ?? 'personal data';
}

/** A span of the stored text that holds a placeholder (UTF-16 offsets, end-exclusive). */
export interface BodyEntity {
  entityType: string;
  start: number;
  end: number;
}

/**
 * Renders the body: placeholders → phrases, whitespace collapsed, cut at {@link MAX_BODY} on a
 * code-point boundary. Spans outside the text or overlapping an earlier one are replaced by
 * `personal data` up to the text's end (fail closed: nothing of a malformed span leaks through).
 * An empty text with files reads `shared a file`.
 */
export function renderBody(text: string, entities: readonly BodyEntity[], hasFiles = false): string {
  const spans = [...entities].sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const e of spans) {
    if (e.start < at || e.end < e.start || e.start > text.length) {
      return finish(`${out} personal data`);
    }
    out += text.slice(at, e.start) + entityPhrase(e.entityType);
    at = Math.min(e.end, text.length);
  }
  out += text.slice(at);
  const body = finish(out);
  return body === '' && hasFiles ? 'shared a file' : body;
}

function finish(s: string): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  if (flat.length <= MAX_BODY) return flat;
  const cps = Array.from(flat);
  let cut = '';
  for (const cp of cps) {
    if (cut.length + cp.length > MAX_BODY - 1) break;
    cut += cp;
  }
  return `${cut.trimEnd()}…`;
}
