/**
 * Words for a subject's active legal hold on its card: what holds it (the person, cases by
 * number) and since when, e.g. "On legal hold: this person since 5 Dec 2026 · case #12 since …".
 */
import type { SubjectLegalHold } from '../api/cases-endpoints.ts';

/** A date as `5 Dec 2026` (UTC, so the words do not depend on the reader's clock zone). */
function day(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The sentence for `hold`, or null when there is none. */
export function legalHoldText(hold: SubjectLegalHold | null | undefined): string | null {
  if (!hold || (hold.subjectSince === null && hold.cases.length === 0)) return null;
  const parts: string[] = [];
  if (hold.subjectSince !== null) parts.push(`this person since ${day(hold.subjectSince)}`);
  for (const c of hold.cases) parts.push(`case #${c.number} since ${day(c.since)}`);
  return `On legal hold: ${parts.join(' · ')}. Their data is kept (no erasure, no retention purge) until every hold is lifted.`;
}
