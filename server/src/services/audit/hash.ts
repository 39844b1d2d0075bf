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
import { createHash, hash as oneShotHash } from 'node:crypto';
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

/** The stored form of an event (`audit_events` row; `details` already canonical JSON text). */
export interface StoredAuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  justification: string | null;
  outcome: string;
  /** RFC 8785 canonical JSON text of the details object, or null. */
  details: string | null;
  prev_hash: string;
}

const NEEDS_ESCAPE = /[\u0000-\u001f"\\\ud800-\udfff]/;

/** `JSON.stringify(x)` for a string, skipping the call when nothing needs escaping (same output). */
function jsonString(x: string): string {
  return NEEDS_ESCAPE.test(x) ? JSON.stringify(x) : `"${x}"`;
}

/**
 * The same hash as {@link hashAuditEvent}, computed from a stored row without re-canonicalizing:
 * the RFC 8785 object is written out directly (keys in UTF-16 code-unit order, strings escaped as
 * ECMAScript `JSON.stringify` does — which RFC 8785 §3.2.2.2 specifies — integers in decimal) and
 * `details` is inserted as its stored canonical text. A details text that is not canonical thus
 * gives another hash, which verification reports as a changed event. Tests check both agree.
 */
export function hashStoredRow(r: StoredAuditRow): string {
  const s = jsonString;
  const body =
    `{"action":${s(r.action)},"actor":${s(r.actor)},"at":${s(r.at)},"details":${r.details ?? 'null'},` +
    `"justification":${r.justification === null ? 'null' : s(r.justification)},"outcome":${s(r.outcome)},` +
    `"prevHash":${s(r.prev_hash)},"seq":${r.seq},"target":${s(r.target)}}`;
  // One-shot hashing (node:crypto `hash`, Node ≥ 20.12) is about twice as fast as createHash for short inputs.
  return oneShotHash('sha256', r.prev_hash + body, 'hex');
}
