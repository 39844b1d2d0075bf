/**
 * Shapes of the privacy part of the Enclave API (reveal, composer preview, "not personal data"
 * marks, policies, audit views) as the web app sees them. Source: `docs/api.md` and the server
 * routes `server/src/routes/{reveal,analyze,privacy,audit}`. Offsets are UTF-16 code units,
 * half-open; times are ISO-8601 UTC strings; durations are milliseconds.
 */
import type { ChannelClass } from './types.ts';

/** What the channel's policy does with one entity type. */
export type PolicyAction = 'allow' | 'tokenize' | 'block';

/** One composer-preview finding (`POST /api/v1/analyze`): positions only, never the value. */
export interface AnalyzeFinding {
  entityType: string;
  start: number;
  end: number;
  action: PolicyAction;
  /** Confidence 0–1. */
  score: number;
  recognizer: string;
  /** Human-readable decision trace, e.g. `found by email (email-addr-spec)`. */
  explanation: string;
}

/** A finding position of a `422 personal_data_blocked` answer. */
export interface BlockedFinding {
  entityType: string;
  start: number;
  end: number;
}

/** `200` of `POST /api/v1/reveal`. The value must live in component state only. */
export interface RevealResult {
  value: string;
  entityType: string;
  /** How long the client shows the value, ms (60 000). */
  expiresInMs: number;
  /** True when revealed by role (privacy officer) and flagged for review. */
  flagged?: boolean;
}

/** `GET /api/v1/vault/tokens/:token`: enough to draw a chip, never the value. */
export interface TokenStatus {
  token: string;
  entityType: string;
  status: 'active' | 'erased';
  revealable: boolean;
  /** A reveal would be flagged for review (privacy officer, or the value was shared before the caller joined). */
  flagged?: boolean;
}

/** An audit event (`GET /api/v1/audit/events`). */
export interface AuditEvent {
  seq: number;
  at: string;
  /** User id, or `system` / `cli`. */
  actor: string;
  action: string;
  /** e.g. `token:tok_…`, `channel:01…`, `user:01…`. */
  target: string;
  justification: string | null;
  outcome: 'success' | 'denied' | 'failed';
  details: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

/** Filters of the audit search (all optional; `from`/`to` ISO dates, `to` exclusive). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditEvent['outcome'];
  from?: string;
  to?: string;
}

/** One person's reveal figures (`GET /api/v1/audit/reveal-counts`). */
export interface RevealCount {
  actor: string;
  granted: number;
  denied: number;
  failed: number;
  rateLimited: number;
}

/** One cell of the policy matrix (`GET /api/v1/privacy/policies`). */
export interface PolicyCell {
  class: ChannelClass;
  entityType: string;
  action: PolicyAction;
  defaultAction: PolicyAction;
  overridden: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

/** `GET /api/v1/privacy/policies`. */
export interface PolicyMatrix {
  classes: ChannelClass[];
  actions: PolicyAction[];
  policies: PolicyCell[];
}

/** A "not personal data" mark (`GET /api/v1/privacy/marks`); the value itself is never listed. */
export interface NotPersonalDataMark {
  id: string;
  channelId: string;
  entityType: string;
  /** `pending` until a privacy officer other than the requester approves it (`active`). */
  status: 'pending' | 'active' | 'denied' | 'revoked';
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  revokedAt: string | null;
  revokedBy: string | null;
}
