/** Schedules {@link runRetention} (hourly) and rebuilds the known-subject index after erasures. */
import type { AppContext } from '../../context.ts';
import { loadKnownSubjectIndex } from './known-values.ts';
import { RETENTION_INTERVAL_MS, runRetention } from './retention.ts';

/** One pass now (used by the timer and tests). */
export async function retentionPass(ctx: AppContext, now = new Date()): Promise<{ cases: string[]; subjects: string[] }> {
  const out = await ctx.write((uow) => runRetention(uow, ctx.privacy.vault, now));
  if (out.subjects.length > 0) {
    await ctx.exclusive(async () => {
      ctx.privacy.knownSubjects = await loadKnownSubjectIndex(ctx.db, ctx.privacy.vault);
    });
  }
  return out;
}

/** Starts the hourly timer (unref'd); returns a stop function. */
export function startRetentionJob(ctx: AppContext): () => void {
  const timer = setInterval(() => {
    retentionPass(ctx).catch((err: unknown) => ctx.logger.error({ err }, 'retention pass failed'));
  }, RETENTION_INTERVAL_MS).unref();
  return () => clearInterval(timer);
}
