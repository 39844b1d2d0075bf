/**
 * Channel names and topics are shown to everyone who can list the channel (the whole workspace for
 * public channels) and travel in stream events, so they must never carry personal data. Unlike
 * message text they have no entities to hold tokens: any finding refuses the change.
 */
import { analyze, analyzeAsShown, type Finding, type KnownSubjectIndex } from '@enclave/pii';
import { AppError } from '../../errors.ts';

/**
 * Throws `AppError(422, 'personal_data_blocked', …, { hint, field, findings })` when `text` contains
 * personal data according to the analyzer (default threshold), known data subjects' values
 * included when `knownSubjects` is given (exact-data match: a value no pattern would catch, such as
 * a registered username or account id, is refused too). Findings carry types and UTF-16 positions
 * only, never values.
 */
export function assertNoPersonalData(field: 'name' | 'topic' | 'description', text: string, knownSubjects?: KnownSubjectIndex): void {
  if (text === '') return;
  // As shown: a backslash escape or Markdown mark inside a value hides it from the typed text only.
  const findings: Finding[] = analyzeAsShown(text, (t) => analyze(t, knownSubjects ? { knownSubjects } : {}));
  if (findings.length === 0) return;
  const types = [...new Set(findings.map((f) => f.entityType))].join(', ');
  throw new AppError(422, 'personal_data_blocked', `The channel ${field} contains personal data (${types}); names and topics are visible to everyone who can see the channel.`, {
    hint: 'Keep personal data out of channel names and topics: put it in a message in a private channel, where it is protected.',
    field,
    findings: findings.map((f) => ({ entityType: f.entityType, start: f.start, end: f.end })),
  });
}
