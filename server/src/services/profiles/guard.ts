/**
 * Profile text (display name, title, team, status) is staff data, but everyone in the workspace sees
 * it: like channel topics it must never carry a user's personal data. Any finding of the analyzer
 * (known data subjects' values included) refuses the change; a display name may of course be a
 * person's name, so `PERSON` findings are ignored there.
 */
import { analyze, analyzeAsShown, type KnownSubjectIndex } from '@enclave/pii';
import { AppError } from '../../errors.ts';

/** Profile fields that pass the guard. */
export type GuardedProfileField = 'displayName' | 'title' | 'team' | 'statusText' | 'name';

/**
 * Throws `AppError(422, 'personal_data_blocked', …, { hint, field, findings })` when `text` holds
 * personal data. Findings carry entity types and UTF-16 positions only, never values.
 */
export function assertProfileTextClean(field: GuardedProfileField, text: string, knownSubjects?: KnownSubjectIndex): void {
  if (text === '') return;
  // As shown: a backslash escape or Markdown mark inside a value hides it from the typed text only.
  const findings = analyzeAsShown(text, (t) => analyze(t, knownSubjects ? { knownSubjects } : {})).filter((f) => !((field === 'displayName' || field === 'name') && f.entityType === 'PERSON'));
  if (findings.length === 0) return;
  const types = [...new Set(findings.map((f) => f.entityType))].join(', ');
  throw new AppError(422, 'personal_data_blocked', `The profile field ${field} contains personal data (${types}); profiles are visible to everyone in the workspace.`, {
    hint: 'Keep personal data out of your profile and status: put it in a message in a private channel or case room, where it is protected.',
    field,
    findings: findings.map((f) => ({ entityType: f.entityType, start: f.start, end: f.end })),
  });
}
