/**
 * Case mentions in message text (`case #1234`, the syntax the server resolves in
 * `GET /messages/:id/case-mentions`): split a text piece into plain text and mentions, and word a
 * mentioned case for its pill (number · category · state — nothing else is ever known here).
 */

/** A mentioned case as the server presents it to this reader. */
export interface CaseMention {
  number: number;
  category: string;
  status: string;
  /** Present only when the reader may open the case. */
  caseId?: string;
}

/** Same syntax as the server's `CASE_MENTION_PATTERN`. */
const CASE_MENTION_RE = /\bcase ?#(\d{1,9})\b/gi;

/** A piece of text: plain, or a mention of case `number`. */
export type MentionPiece = { kind: 'text'; text: string } | { kind: 'case'; text: string; number: number };

/** Whether `text` mentions any case (so the client asks the server about it). */
export function hasCaseMention(text: string): boolean {
  return splitCaseMentions(text).some((p) => p.kind === 'case');
}

/** Splits `text` into plain pieces and case mentions, in order. */
export function splitCaseMentions(text: string): MentionPiece[] {
  const out: MentionPiece[] = [];
  let pos = 0;
  for (const m of text.matchAll(CASE_MENTION_RE)) {
    const start = m.index;
    const number = Number(m[1]);
    if (number <= 0) continue;
    if (start > pos) out.push({ kind: 'text', text: text.slice(pos, start) });
    out.push({ kind: 'case', text: m[0], number });
    pos = start + m[0].length;
  }
  if (pos < text.length) out.push({ kind: 'text', text: text.slice(pos) });
  return out;
}

/** Words of a category or state (`self_harm` → `self harm`). */
const words = (s: string): string => s.replace(/_/g, ' ');

/** The pill's text: `#1234 · impersonation · assigned`. */
export function casePillLabel(c: CaseMention): string {
  return `#${c.number} · ${words(c.category)} · ${words(c.status)}`;
}
