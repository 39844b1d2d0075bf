/**
 * Editing a message around its chips: the draft is the stored text (placeholders such as
 * `[EMAIL_ADDRESS]` where chips are) plus the chips' spans. A chip cannot be edited as text: a
 * change that touches a chip removes the whole chip; other chips move with the text. On save the
 * remaining chips go to the server as `entities` (token + span), which keeps their tokens.
 */

/** A chip in the draft: its token and its placeholder's span (UTF-16, end-exclusive). */
export interface DraftChip {
  token: string;
  start: number;
  end: number;
}

/** The draft text and its chips. */
export interface ChipDraft {
  text: string;
  chips: DraftChip[];
}

/**
 * Applies a text change (`next` replaces `prev.text`) to the chips. The change is the region
 * between the common prefix and suffix; chips overlapping it are removed entirely (their remaining
 * characters too), chips after it shift by the length difference.
 */
export function applyDraftChange(prev: ChipDraft, next: string): ChipDraft {
  const a = prev.text;
  let p = 0;
  const max = Math.min(a.length, next.length);
  while (p < max && a.charCodeAt(p) === next.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && a.charCodeAt(a.length - 1 - s) === next.charCodeAt(next.length - 1 - s)) s++;
  const oldEnd = a.length - s;
  const newEnd = next.length - s;
  const delta = newEnd - oldEnd;
  // Inserting exactly at a chip's edge leaves the chip alone.
  const touched = prev.chips.filter((c) => c.start < oldEnd && p < c.end && !(p === oldEnd && (p === c.start || p === c.end)));
  if (touched.length === 0) {
    return { text: next, chips: prev.chips.map((c) => (c.start >= oldEnd ? { ...c, start: c.start + delta, end: c.end + delta } : c)) };
  }
  // Remove every touched chip whole: rebuild from the previous text without them, then re-apply the typed part.
  const from = Math.min(p, ...touched.map((c) => c.start));
  const to = Math.max(oldEnd, ...touched.map((c) => c.end));
  const inserted = next.slice(p, newEnd);
  const text = a.slice(0, from) + inserted + a.slice(to);
  const shift = from + inserted.length - to;
  const chips = prev.chips
    .filter((c) => !touched.includes(c))
    .map((c) => (c.start >= to ? { ...c, start: c.start + shift, end: c.end + shift } : c));
  return { text, chips };
}
