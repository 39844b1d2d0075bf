/**
 * Audit log service (hash-chained, append-only). STUB: the audit/vault work fills this in;
 * callers already use {@link appendAuditEvent} inside the transaction of the action they record.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** Outcome of the attempt an audit event records. */
export type AuditOutcome = 'success' | 'denied' | 'failed';

/** What a caller supplies; `seq`, `at`, `prevHash` and `hash` are assigned by the log. */
export interface AuditEventInput {
  /** User id of who acted, or `"system"` / `"cli"`. */
  actor: string;
  /** Dotted action name, e.g. `"user.create"`, `"user.role_change"`, `"reveal"`. */
  action: string;
  /** What was acted on, e.g. `"user:01J…"`, `"token:tok_…"`, `"channel:01J…"`. */
  target: string;
  justification?: string | null;
  outcome: AuditOutcome;
  /** State before/after and other facts; never raw personal data. */
  details?: Record<string, unknown>;
}

/**
 * Appends one event. Call it with the transaction handle of the action it records (success),
 * or with the plain database handle in a separate transaction (denied/failed attempts).
 */
export async function appendAuditEvent(_db: Kysely<Database>, _event: AuditEventInput): Promise<void> {
  // STUB: no-op until the audit log lands.
}
