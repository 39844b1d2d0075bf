/**
 * Well-formed UTF-16 at the HTTP edge (issue 7, item 9d). A JSON body can carry a lone
 * surrogate (`"\ud800"`), which UTF-8 cannot encode: stored as UTF-8 it would turn into U+FFFD
 * (or be refused) after the privacy guard computed entity offsets on the original string, and
 * offsets and stored text would disagree. Every string of a parsed body is therefore normalised
 * before validation and the guard, replacing each lone surrogate with U+FFFD — what
 * `String.prototype.toWellFormed` (ES2024) does; one code unit for one, so lengths are kept.
 * A NUL (U+0000) is replaced the same way: PostgreSQL refuses it in `text` and `jsonb` (every
 * request carrying one answered 500 there; red team 5), and no chat text or id needs it.
 */

/** Matches a NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const NOT_STORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` with every lone surrogate and every NUL replaced by U+FFFD (same length in UTF-16 code units). */
export function toWellFormed(s: string): string {
  return s.replace(NOT_STORABLE, '\uFFFD');
}

/** True when the raw request URL `url` holds a percent-encoded NUL (`%00`), in its path or its query. */
export function urlHasNul(url: string): boolean {
  return /%00/.test(url);
}

/**
 * A copy of the parsed JSON `value` with every string (object keys included) made well-formed;
 * `value` itself when `jsonText` has no `\u` escape (the only way a decoded body can hold a lone
 * surrogate or a NUL: JSON forbids raw control characters in strings).
 */
export function wellFormedJson(value: unknown, jsonText: string): unknown {
  if (!jsonText.includes('\\u')) return value;
  return walk(value);
}

function walk(value: unknown): unknown {
  if (typeof value === 'string') return toWellFormed(value);
  if (Array.isArray(value)) return value.map(walk);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    // defineProperty: a `"__proto__"` key stays an own property, as JSON.parse made it.
    for (const [k, v] of Object.entries(value)) Object.defineProperty(out, toWellFormed(k), { value: walk(v), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return value;
}
