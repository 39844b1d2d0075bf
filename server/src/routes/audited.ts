/** Audit of denied attempts made through routes (a denial is its own audit event, after the rolled-back unit of work). */
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { appendAuditEvent } from '../services/audit/index.ts';

/**
 * Runs `fn`; when it throws a 403, appends a `denied` audit event `{ actor, action, target }` with
 * `details.reason` (the error code) in its own transaction, then rethrows.
 */
export async function auditDenied<T>(
  ctx: AppContext,
  event: { actor: string; action: string; target: string; details?: Record<string, unknown> },
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError && err.status === 403) {
      await appendAuditEvent(ctx.db, { ...event, outcome: 'denied', details: { ...event.details, reason: err.code } });
    }
    throw err;
  }
}
