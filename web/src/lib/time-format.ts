/**
 * Cached date and time formatting for message rows: one `Intl.DateTimeFormat` per format for the
 * whole app (building a formatter costs far more than using one; `toLocaleTimeString` builds one
 * on every call), and the formatted strings memoized per ISO timestamp, so a long channel formats
 * each message's times once.
 */

const FORMATS = {
  /** `14:05` (local, 2-digit hour and minute). */
  time: { hour: '2-digit', minute: '2-digit' },
  /** Local date and time, as `toLocaleString()` shows it. */
  dateTime: { dateStyle: 'short', timeStyle: 'medium' },
  /** `Tuesday, March 4` (local day line). */
  day: { weekday: 'long', month: 'long', day: 'numeric' },
  /** A key equal for instants on the same local calendar day. */
  dayKey: { year: 'numeric', month: '2-digit', day: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** The names of the cached formats. */
export type TimeFormat = keyof typeof FORMATS;

const formatters = new Map<TimeFormat, Intl.DateTimeFormat>();
const memo = new Map<string, string>();
/** Most memoized strings kept (oldest dropped first); a few per message of a long channel. */
const MEMO_LIMIT = 20_000;

/** The app's single formatter for `format` (created on first use, default locale and time zone). */
export function formatter(format: TimeFormat): Intl.DateTimeFormat {
  let f = formatters.get(format);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, FORMATS[format]);
    formatters.set(format, f);
  }
  return f;
}

/**
 * Formats the ISO 8601 instant `iso` with the cached `format`; the result is memoized per
 * (format, iso). An unparsable `iso` gives `''` (never throws).
 */
export function formatTime(iso: string, format: TimeFormat): string {
  const key = `${format}|${iso}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const ms = Date.parse(iso);
  const out = Number.isNaN(ms) ? '' : formatter(format).format(ms);
  if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
  memo.set(key, out);
  return out;
}
