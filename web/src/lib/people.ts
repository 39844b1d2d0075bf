/**
 * Small pure helpers for people on screen (issue 12): initials and a stable colour for the
 * generated avatar, the name to show, a person's local time, and the one time-zone format of the
 * privacy officer's audit screens.
 */

/** Up to two initials of `name` (first letters of the first and last words), upper-cased; `?` when none. */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}]+/u, ''))
    .filter((w) => w.length > 0);
  const first = words[0];
  if (!first) return '?';
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const pick = (w: string) => String.fromCodePoint(w.codePointAt(0) ?? 63).toLocaleUpperCase();
  return last ? pick(first) + pick(last) : pick(first);
}

/** FNV-1a 32-bit hash of a string (stable across sessions and browsers). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The background colour of a person's initials avatar, from their user id: an HSL hue from the id's
 * hash, saturation 45 % and lightness 32 %, dark enough for white text (contrast ≥ 4.5:1).
 */
export function avatarColour(userId: string): string {
  return `hsl(${fnv1a(userId) % 360} 45% 32%)`;
}

/** The name to show: the display name when set, else the account name. */
export function shownName(p: { name: string; displayName?: string }): string {
  return p.displayName?.trim() ? p.displayName.trim() : p.name;
}

/** `HH:MM` in `timeZone` at `now` (24-hour clock), or null for an empty or unknown zone. */
export function localTime(timeZone: string, now: Date = new Date()): string | null {
  if (!timeZone) return null;
  try {
    return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(now);
  } catch {
    return null;
  }
}

/** An ISO instant as `YYYY-MM-DD HH:MM:SS UTC` (the audit screens show every time in UTC, like their date filters). */
export function utcText(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
