/**
 * Pure helpers for the privacy UI: chip labels, justification rules, reveal error wording,
 * composer-warning summaries and highlight segments. No DOM, no network, no storage.
 * Offsets are UTF-16 code units, half-open (PRODUCT.md "Entity types").
 */
import { ApiError } from '../api/client.ts';
import type { AnalyzeFinding, BlockedFinding } from '../api/privacy-types.ts';
import type { ChannelClass } from '../api/types.ts';
import { entityNoun, entityWords } from './entity-words.ts';

/** Minimum justification length the server accepts (PRODUCT.md / issue 4 "Reveal"), in UTF-16 code units after trimming. */
export const MIN_JUSTIFICATION = 12;

/** Longest justification the server accepts (`routes/reveal`), UTF-16 code units. */
export const MAX_JUSTIFICATION = 1000;

/** How long a revealed value stays on screen when the server gives no `expiresInMs`, ms. */
export const DEFAULT_REVEAL_MS = 60_000;

/**
 * The short suffix shown on a chip to tell tokens apart: the last 4 characters of the token
 * (after any `tok_` prefix), e.g. `tok_c7n6jvc6nelnyrkb` → `yrkb`. Only this reaches the DOM.
 */
export function tokenSuffix(token: string): string {
  const bare = token.replace(/^tok_/, '');
  return bare.slice(-4);
}

/** A chip's visible label: the type in words, e.g. `E-mail address` (no token id on screen). */
export function chipLabel(entityType: string): string {
  return entityWords(entityType).label;
}

/** `EMAIL_ADDRESS` → `e-mail address` (running text and screen-reader labels). */
export function readableType(entityType: string): string {
  return entityNoun(entityType);
}

/** Characters still needed before a justification is acceptable (0 when long enough). */
export function justificationMissing(text: string): number {
  return Math.max(0, MIN_JUSTIFICATION - text.trim().length);
}

/** Seconds left, rounded up, for a countdown display (never negative). */
export function secondsLeft(expiresAt: number, now: number): number {
  return Math.max(0, Math.ceil((expiresAt - now) / 1000));
}

/** Plain-language reason for a failed reveal, from the answer's status/code. */
export function revealErrorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403 || err.code === 'reveal_denied') {
      return `You don't have need-to-know here: ${err.message}`;
    }
    if (err.status === 410 || err.code === 'erased') return 'This value was erased; it can no longer be revealed.';
    if (err.status === 404) return 'This protected value does not exist or is not visible to you.';
    if (err.status === 429) return 'Too many reveals; privacy officers were alerted. Try again later.';
    return err.message;
  }
  return err instanceof Error ? err.message : 'Something went wrong.';
}

/** Distinct entity types in order of first appearance, in words. */
function typesOf(findings: readonly { entityType: string }[]): string[] {
  return [...new Set(findings.map((f) => f.entityType))].map(readableType);
}

/** What the composer says about a preview: one line per action that applies, or none. */
export interface FindingSummary {
  /** e.g. `3 items will be protected: EMAIL_ADDRESS, IP_ADDRESS, DEVICE_ID`. */
  protectedLine: string | null;
  /** Set when at least one finding would block the message. */
  blockedLine: string | null;
}

/** Summarises composer-preview findings for a channel of class `cls`. */
export function summarizeFindings(findings: readonly AnalyzeFinding[], cls: ChannelClass | undefined): FindingSummary {
  const tok = findings.filter((f) => f.action === 'tokenize');
  const blocked = findings.filter((f) => f.action === 'block');
  const protectedLine =
    tok.length === 0 ? null : `${tok.length === 1 ? '1 item' : `${tok.length} items`} will be protected: ${typesOf(tok).join(', ')}`;
  let blockedLine: string | null = null;
  if (blocked.length > 0) {
    const what = typesOf(blocked).join(', ');
    blockedLine =
      cls === 'broad'
        ? `This channel is broad: this message will be blocked (${what}) — move it to a private channel.`
        : `This message will be blocked (${what}): this channel's policy does not accept it.`;
  }
  return { protectedLine, blockedLine };
}

/** A piece of text, marked or not (for highlighting finding positions). */
export interface HighlightPiece {
  text: string;
  /** Entity type of the finding covering this piece, if any. */
  entityType?: string;
}

/** Splits `text` at the given spans (out-of-range or overlapping spans are skipped). */
export function highlightPieces(text: string, spans: readonly BlockedFinding[]): HighlightPiece[] {
  const sorted = spans
    .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= text.length)
    .sort((a, b) => a.start - b.start);
  const out: HighlightPiece[] = [];
  let pos = 0;
  for (const s of sorted) {
    if (s.start < pos) continue;
    if (s.start > pos) out.push({ text: text.slice(pos, s.start) });
    out.push({ text: text.slice(s.start, s.end), entityType: s.entityType });
    pos = s.end;
  }
  if (pos < text.length) out.push({ text: text.slice(pos) });
  return out;
}

/** Reads the findings of a `422 personal_data_blocked` error (an empty list for anything else). */
export function blockedFindings(err: unknown): BlockedFinding[] {
  if (!(err instanceof ApiError) || err.code !== 'personal_data_blocked') return [];
  const raw = err.details.findings;
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (f): f is BlockedFinding =>
      typeof f === 'object' && f !== null && typeof (f as BlockedFinding).entityType === 'string' && Number.isInteger((f as BlockedFinding).start) && Number.isInteger((f as BlockedFinding).end),
  );
}

/** A short description of a channel class for the channel header. */
export function classDescription(cls: ChannelClass): { label: string; detail: string } {
  switch (cls) {
    case 'case_room':
      return { label: 'Case room', detail: 'Personal data is protected; members reveal it with a justification.' };
    case 'team':
      return { label: 'Team', detail: 'Personal data is protected; members reveal it with a justification.' };
    case 'broad':
      return { label: 'Broad', detail: 'Visible to many people: personal data is blocked here.' };
  }
}

/**
 * Entity types that can never be marked "not personal data" for a broad channel (the server
 * refuses with `422 mark_not_allowed`; restated here only to hide the button).
 */
export const HARD_IDENTIFIER_TYPES: ReadonlySet<string> = new Set([
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IP_ADDRESS',
  'DEVICE_ID',
  'US_PASSPORT',
  'PASSPORT',
  'US_DRIVER_LICENSE',
  'KNOWN_SUBJECT',
]);

/** Whether the composer offers "Not personal data" for a finding of `entityType` in a channel of class `cls`. */
export function markOffered(entityType: string, cls: ChannelClass | undefined): boolean {
  return entityType !== 'KNOWN_SUBJECT' && !(cls === 'broad' && HARD_IDENTIFIER_TYPES.has(entityType));
}
