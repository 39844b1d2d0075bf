/**
 * Profile text (display name, title, team, status) is staff data, but everyone in the workspace sees
 * it: like channel topics it must never carry a user's personal data. Any finding of the analyzer
 * (known data subjects' values included) refuses the change; a display name may of course be a
 * person's name, so `PERSON` findings are ignored there, and so are places the name tagger found
 * (names that are, or look like, place names; a place after a cue still counts); a name with seven or more digits (a local
 * phone number the analyzer cannot tell without a cue) is refused as `PHONE_NUMBER`.
 */
import { analyze, analyzeAsShown, type KnownSubjectIndex } from '@enclave/pii';
import { AppError } from '../../errors.ts';

/** Seven or more digits (any script) with at most a few separators between neighbours: a phone number in a name. */
const PHONE_LIKE = /\p{Nd}(?:[\s().\-/]{0,3}\p{Nd}){6,}/u;

/** Profile fields that pass the guard. */
export type GuardedProfileField = 'displayName' | 'title' | 'team' | 'statusText' | 'name';

/**
 * Throws `AppError(422, 'personal_data_blocked', …, { hint, field, findings })` when `text` holds
 * personal data. Findings carry entity types and UTF-16 positions only, never values.
 */
export function assertProfileTextClean(field: GuardedProfileField, text: string, knownSubjects?: KnownSubjectIndex): void {
  if (text === '') return;
  // As shown: a backslash escape or Markdown mark inside a value hides it from the typed text only.
  const nameField = field === 'displayName' || field === 'name';
  // A name is also often a place name or looks like one ("Georgia Smith", "Eval PO"), and the tagger
  // ties such a place to the name beside it: in a name field only a place found by the cue, pair or
  // hashtag recognizer counts ("Ada, lives in Springfield").
  const findings: Array<{ entityType: string; start: number; end: number }> = analyzeAsShown(text, (t) => analyze(t, knownSubjects ? { knownSubjects } : {})).filter(
    (f) => !(nameField && (f.entityType === 'PERSON' || (f.entityType === 'LOCATION' && f.recognizer !== 'location'))),
  );
  // A local phone number in a name ("Ada 555-0142") has no cue for the analyzer, but a name has no
  // business holding seven digits: any such run is refused as a phone number (red team 4).
  if (nameField && findings.length === 0) {
    const m = PHONE_LIKE.exec(text);
    if (m) findings.push({ entityType: 'PHONE_NUMBER', start: m.index, end: m.index + m[0].length });
  }
  if (findings.length === 0) return;
  const types = [...new Set(findings.map((f) => f.entityType))].join(', ');
  throw new AppError(422, 'personal_data_blocked', `The profile field ${field} contains personal data (${types}); profiles are visible to everyone in the workspace.`, {
    hint: 'Keep personal data out of your profile and status: put it in a message in a private channel or case room, where it is protected.',
    field,
    findings: findings.map((f) => ({ entityType: f.entityType, start: f.start, end: f.end })),
  });
}
