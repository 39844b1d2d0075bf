/**
 * Hashing of audit events.
 *
 * `hash = hex(SHA-256(prevHash ‖ JCS(event without hash)))` where `prevHash` is the previous
 * event's 64-hex-digit hash as ASCII (64 zeros for the first event) and JCS is the JSON
 * Canonicalization Scheme of RFC 8785 (https://www.rfc-editor.org/rfc/rfc8785), computed with
 * the `canonicalize` package. The canonical object has exactly the keys
 * `{ seq, at, actor, action, target, justification, outcome, details, prevHash }`
 * (`justification` and `details` are `null` when absent).
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** Previous hash of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event as it is hashed (everything but `hash`). */
export interface HashableAuditEvent {
  seq: number;
  /** ISO 8601 UTC, milliseconds. */
  at: string;
  actor: string;
  action: string;
  target: string;
  justification: string | null;
  outcome: string;
  details: Record<string, unknown> | null;
  prevHash: string;
}

/** RFC 8785 canonical JSON of any JSON value. Throws `TypeError` for values JSON cannot represent. */
export function canonicalJson(value: unknown): string {
  const out = canonicalize(value);
  if (out === undefined) throw new TypeError('value has no JSON representation');
  return out;
}

/** Computes an event's hash (64 lower-case hex digits). */
export function hashAuditEvent(event: HashableAuditEvent): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    target: event.target,
    justification: event.justification,
    outcome: event.outcome,
    details: event.details,
    prevHash: event.prevHash,
  });
  return createHash('sha256').update(event.prevHash, 'ascii').update(body, 'utf8').digest('hex');
}
