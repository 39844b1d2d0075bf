/**
 * Known values two or more data subjects share (the same e-mail, phone or IP registered for both).
 * The analyzer names every subject of such a value (`Finding.subjectIds`); the token lives in the
 * first subject's scope and `vault_token_subjects` lists all of them, so that:
 * - reveal: an assignee of an open case of ANY of those subjects has need-to-know;
 * - access report: the reveal shows in every one of those subjects' reports;
 * - erasure: erasing ANY of those subjects erases this shared copy (the pasted value is that
 *   person's data too, and erasure must reach every copy of it), while each other subject keeps
 *   its own copy on its card (card values are stored per subject, under that subject's own key),
 *   so no case loses the value it needs.
 */
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';

/** Records every subject of `finding` for `token` when the value belongs to more than one. */
export async function linkTokenSubjects(db: Kysely<Database>, token: string, finding: Pick<Finding, 'subjectIds'>): Promise<void> {
  const ids = finding.subjectIds;
  if (!ids || ids.length < 2) return;
  await db
    .insertInto('vault_token_subjects')
    .values(ids.map((subject_id) => ({ token, subject_id })))
    .onConflict((oc) => oc.columns(['token', 'subject_id']).doNothing())
    .execute();
}

/** The subjects a token's value belongs to: its scope's subject, then any linked ones. */
export async function tokenSubjects(db: Kysely<Database>, token: string, scope: string): Promise<string[]> {
  const out = scope.startsWith('subject:') ? [scope.slice('subject:'.length)] : [];
  const rows = await db.selectFrom('vault_token_subjects').select('subject_id').where('token', '=', token).execute();
  for (const r of rows) if (!out.includes(r.subject_id)) out.push(r.subject_id);
  return out;
}

/** Tokens of values `subjectId` shares with another subject, stored in another subject's scope. */
export async function sharedTokensOf(db: Kysely<Database>, subjectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('vault_token_subjects')
    .innerJoin('vault_values', 'vault_values.token', 'vault_token_subjects.token')
    .select('vault_token_subjects.token')
    .where('vault_token_subjects.subject_id', '=', subjectId)
    .where('vault_values.scope', '!=', `subject:${subjectId}`)
    .execute();
  return rows.map((r) => r.token);
}
