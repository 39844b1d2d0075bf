/**
 * Need-to-know for a known data subject's values (the reveal path calls this): the caller must be
 * an assignee of an open (not closed) case about that subject. Returns that case's id, or
 * `undefined`. Watchers, queue members and roles alone never qualify, nor roles whose
 * `subject.reveal` grant is not `assigned` (admins, specialists), even when assigned.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { assignedCasesOfSubject } from './cases.ts';
import { permission } from './permissions.ts';
import { tokenSubjects } from '../privacy/shared-values.ts';

/**
 * See the module comment. `scope` is a vault scope (`subject:<id>`); other scopes → undefined.
 * With `token`, a value shared by several subjects (`vault_token_subjects`) accepts an assignee of
 * an open case of any of them.
 */
export async function subjectRevealCase(db: Kysely<Database>, scope: string, userId: string, role: string, token?: string): Promise<string | undefined> {
  if (!scope.startsWith('subject:') || permission(role, 'subject.reveal') !== 'assigned') return undefined;
  const subjects = token ? await tokenSubjects(db, token, scope) : [scope.slice('subject:'.length)];
  for (const subjectId of subjects) {
    const [caseId] = await assignedCasesOfSubject(db, subjectId, userId);
    if (caseId) return caseId;
  }
  return undefined;
}

/**
 * The data subjects of the case(s) whose room is `channelId` (empty for any other channel): in
 * that room their supporting values (country, city, date of birth, a name part) match alone.
 */
export async function caseRoomSubjects(db: Kysely<Database>, channelId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select('case_subjects.subject_id')
    .where('cases.room_channel_id', '=', channelId)
    .execute();
  return [...new Set(rows.map((r) => r.subject_id))];
}
