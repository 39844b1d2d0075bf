/**
 * Protection of case free text (complaint text, internal notes) with the case-room policy: the
 * analyzer's findings are tokenized (known subjects' values under the subject's scope, other values
 * under the case's scope `channel:case-<caseId>`), like a message in the case room.
 */
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { MessageEntity } from '../chat/guard.ts';
import { loadPolicies, placeholderFor } from '../privacy/index.ts';
import type { Vault } from '../vault/index.ts';
import { linkTokenSubjects } from '../privacy/shared-values.ts';

/** Vault scope of a case's free text. */
export const caseScope = (caseId: string): string => `channel:case-${caseId}`;

function merged(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) out[out.length - 1] = { ...last, end: f.end };
    } else out.push(f);
  }
  return out;
}

/**
 * Returns the text with placeholders and the entities (UTF-16 spans in the returned text, end
 * exclusive, with tokens). Every finding is tokenized unless the case-room policy says `allow`.
 */
export async function protectCaseText(
  db: Kysely<Database>,
  deps: { vault: Vault; analyze: (text: string) => Finding[] },
  input: { caseId: string; text: string },
): Promise<{ text: string; entities: MessageEntity[] }> {
  const found = deps.analyze(input.text);
  if (found.length === 0) return { text: input.text, entities: [] };
  const policy = await loadPolicies(db);
  const keep = found.filter((f) => policy('case_room', f.entityType) !== 'allow').sort((a, b) => a.start - b.start || b.end - a.end);
  // A known subject's finding wins over a pattern finding at the same place (its scope reaches erasure).
  const ordered = merged(keep).map((m) => keep.find((f) => f.entityType === 'KNOWN_SUBJECT' && f.start <= m.start && f.end >= m.end) ?? m);
  let text = '';
  let at = 0;
  const entities: MessageEntity[] = [];
  for (const f of ordered) {
    if (f.start < at) continue;
    const scope = f.entityType === 'KNOWN_SUBJECT' && f.subjectId ? `subject:${f.subjectId}` : caseScope(input.caseId);
    const { token } = await deps.vault.tokenize(db, { scope, entityType: f.entityType, value: input.text.slice(f.start, f.end) });
    if (f.entityType === 'KNOWN_SUBJECT') await linkTokenSubjects(db, token, f);
    text += input.text.slice(at, f.start);
    const placeholder = placeholderFor(f.entityType);
    entities.push({ entityType: f.entityType, start: text.length, end: text.length + placeholder.length, token });
    text += placeholder;
    at = f.end;
  }
  return { text: text + input.text.slice(at), entities };
}
