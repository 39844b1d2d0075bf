/**
 * `POST /privacy/erasure { subjectId }` (the route lives in `routes/privacy`, which calls this):
 * erases a data subject at once and rebuilds the known-subject index (between writes), so its
 * values stop matching. Exactly one of `subjectId` and `scope` (400 otherwise); a `subject:<id>`
 * scope of a known subject is handled the same way (the route sends it here).
 */
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { loadKnownSubjectIndex } from '../../services/cases/known-values.ts';
import { eraseSubject } from '../../services/cases/subject-privacy.ts';

/** See the module comment. Returns `{ subjectId, scope, tokens }`. */
export async function eraseSubjectRequest(ctx: AppContext, actor: string, body: { subjectId?: string; scope?: string }): Promise<{ subjectId: string; scope: string; tokens: number }> {
  if ((body.subjectId === undefined) === (body.scope === undefined)) throw new AppError(400, 'invalid_request', 'Give exactly one of subjectId and scope');
  const subjectId = body.subjectId ?? (body.scope as string).slice('subject:'.length);
  const { tokens } = await ctx.write((uow) => eraseSubject(uow, ctx.privacy.vault, { subjectId, actor }));
  await ctx.exclusive(async () => {
    ctx.privacy.knownSubjects = await loadKnownSubjectIndex(ctx.db, ctx.privacy.vault);
  });
  return { subjectId, scope: `subject:${subjectId}`, tokens };
}
