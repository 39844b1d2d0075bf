/**
 * Well-formed UTF-16 at the HTTP edge (issue 7, item 9d). A JSON body can carry a lone
 * surrogate (`"\ud800"`), which UTF-8 cannot encode: stored as UTF-8 it would turn into U+FFFD
 * (or be refused) after the privacy guard computed entity offsets on the original string, and
 * offsets and stored text would disagree. Every string of a parsed body is therefore normalised
 * before validation and the guard, replacing each lone surrogate with U+FFFD — what
 * `String.prototype.toWellFormed` (ES2024) does; one code unit for one, so lengths are kept.
 */

/** Matches a high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `s` with every lone surrogate replaced by U+FFFD (same length in UTF-16 code units). */
export function toWellFormed(s: string): string {
  return s.replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of the parsed JSON `value` with every string (object keys included) made well-formed;
 * `value` itself when `jsonText` has no `\u` escape (the only way a decoded body can hold a lone
 * surrogate).
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
