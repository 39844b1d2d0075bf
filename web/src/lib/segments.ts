/**
 * Splits a message's stored text into render segments: plain text, safe links and entity chips.
 * Output is rendered as React text nodes and elements only (never as HTML), so nothing in a
 * message can inject markup.
 *
 * - Chips come ONLY from `entities` (UTF-16 code-unit offsets, half-open, PRODUCT.md "A message");
 *   entities out of range or overlapping an earlier one are ignored. Typed text that merely
 *   looks like `[EMAIL_ADDRESS]` stays text.
 * - Links: only absolute `http:`/`https:` URLs (checked with the WHATWG URL parser) outside
 *   chips; trailing sentence punctuation and unbalanced `)` are left out of the link.
 */
import type { MessageEntity } from '../api/types.ts';

/** One piece of a rendered message. */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'entity'; text: string; entity: MessageEntity };

const URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?'"\]}>]+$/;

/** Segments of `text` given its `entities`. */
export function segmentMessage(text: string, entities: readonly MessageEntity[] = []): Segment[] {
  const valid = [...entities]
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end > e.start && e.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let pos = 0;
  for (const e of valid) {
    if (e.start < pos) continue; // overlaps the previous chip
    if (e.start > pos) out.push(...linkify(text.slice(pos, e.start)));
    out.push({ kind: 'entity', text: text.slice(e.start, e.end), entity: e });
    pos = e.end;
  }
  if (pos < text.length) out.push(...linkify(text.slice(pos)));
  return out;
}

/** Text and link segments of a chip-free piece of text. */
export function linkify(text: string): Segment[] {
  const out: Segment[] = [];
  let pos = 0;
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0;
    let raw = m[0].replace(TRAILING, '');
    raw = trimUnbalancedParens(raw);
    const href = safeHref(raw);
    if (!href) continue;
    if (start > pos) out.push({ kind: 'text', text: text.slice(pos, start) });
    out.push({ kind: 'link', text: raw, href });
    pos = start + raw.length;
  }
  if (pos < text.length) out.push({ kind: 'text', text: text.slice(pos) });
  return out;
}

function trimUnbalancedParens(s: string): string {
  let r = s;
  while (r.endsWith(')') && count(r, '(') < count(r, ')')) r = r.slice(0, -1).replace(TRAILING, '');
  return r;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

/** The normalised URL when `raw` is an absolute http(s) URL with a host, else `null`. */
export function safeHref(raw: string): string | null {
  try {
    const u = new URL(raw);
    if ((u.protocol === 'http:' || u.protocol === 'https:') && u.hostname) return u.href;
  } catch {
    /* not a URL */
  }
  return null;
}
