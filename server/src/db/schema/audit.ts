/** Tables owned by the audit domain (see `services/audit`). */

/** `audit_events`: the hash-chained, append-only log. Rows are never updated or deleted (SQLite triggers enforce it). */
export interface AuditEventsTable {
  /** 1, 2, 3, … without gaps, assigned by `appendAuditEvent`. */
  seq: number;
  /** ISO 8601 UTC timestamp with milliseconds. */
  at: string;
  actor: string;
  action: string;
  target: string;
  justification: string | null;
  /** `success` | `denied` | `failed`. */
  outcome: string;
  /** RFC 8785 canonical JSON of the details object, or null. Never raw personal data. */
  details: string | null;
  /** Hex SHA-256 of the previous event (64 zeros for seq 1). */
  prev_hash: string;
  /** Hex SHA-256(prev_hash ‖ canonical JSON of the event without `hash`). */
  hash: string;
}

/** `audit_checkpoints`: Ed25519-signed heads of the chain (append-only as well). */
export interface AuditCheckpointsTable {
  /** Seq of the event the checkpoint covers. */
  seq: number;
  /** That event's hash. */
  hash: string;
  /** When the checkpoint was made (ISO 8601 UTC). */
  at: string;
  /** Base64 Ed25519 signature over the RFC 8785 JSON of `{ seq, hash, at }`. */
  signature: string;
  /** Base64 DER SPKI of the signing public key. */
  public_key: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
  audit_checkpoints: AuditCheckpointsTable;
}
