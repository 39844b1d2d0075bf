/** The legal-hold line of a subject card (nothing when no hold is active). */
import type { SubjectLegalHold } from '../../api/cases-endpoints.ts';
import { legalHoldText } from '../../lib/legal-hold-text.ts';

/** Renders the note with a "legal hold" badge, or nothing. */
export function SubjectHoldNote({ hold }: { hold: SubjectLegalHold | null | undefined }) {
  const text = legalHoldText(hold);
  if (!text) return null;
  return (
    <p className="legal-hold-note" role="note">
      <span className="badge">legal hold</span> {text}
    </p>
  );
}
