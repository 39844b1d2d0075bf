/**
 * Typed calls of the privacy part of the API (docs/api.md; server `routes/{reveal,analyze,
 * privacy,audit}`). Each is one HTTP call through {@link request}; all throw `ApiError`.
 * Reveal answers are `Cache-Control: no-store` and the client never keeps them anywhere
 * but the calling component's state.
 */
import { request } from './client.ts';
import type {
  AnalyzeFinding,
  AuditEvent,
  AuditFilters,
  NotPersonalDataMark,
  PolicyAction,
  PolicyCell,
  PolicyMatrix,
  RevealCount,
  RevealResult,
  TokenStatus,
} from './privacy-types.ts';
import type { ChannelClass } from './types.ts';

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Reveal and token status. */
export const revealApi = {
  /** `POST /reveal`: 403 `reveal_denied`, 404, 410 `erased`, 429 `rate_limited`. */
  reveal: (token: string, justification: string) => request<RevealResult>('POST', '/reveal', { token, justification }),
  /** `GET /vault/tokens/:token`: 404 when the caller cannot see the token. */
  status: (token: string) => request<TokenStatus>('GET', `/vault/tokens/${enc(token)}`),
};

/** Composer preview and "not personal data" marks. */
export const protectApi = {
  /** `POST /analyze`: what sending `text` to the channel would do (positions only). */
  analyze: (channelId: string, text: string, signal?: AbortSignal) =>
    request<{ findings: AnalyzeFinding[] }>('POST', '/analyze', { channelId, text }, { signal }),
  /** `POST /privacy/marks`: marks the finding at `[start, end)` of `text` as not personal data in that channel. */
  mark: (channelId: string, text: string, start: number, end: number) =>
    request<{ mark: { id: string; channelId: string; entityType: string; status: 'pending' | 'active' }; created: boolean }>('POST', '/privacy/marks', {
      channelId,
      text,
      start,
      end,
    }),
};

/** Privacy-officer calls (403 for other roles). */
export const officerApi = {
  events: (filters: AuditFilters & { limit?: number; before?: number }) =>
    request<{ events: AuditEvent[]; hasMore: boolean }>('GET', `/audit/events${query({ ...filters })}`),
  whoSaw: (by: { token: string } | { subjectId: string }) =>
    request<{ events: AuditEvent[] }>('GET', `/audit/who-saw${query('token' in by ? { token: by.token } : { subjectId: by.subjectId })}`),
  revealCounts: (range: { from?: string; to?: string } = {}) =>
    request<{ counts: RevealCount[] }>('GET', `/audit/reveal-counts${query(range)}`),
  policies: () => request<PolicyMatrix>('GET', '/privacy/policies'),
  setPolicy: (cls: ChannelClass, entityType: string, action: PolicyAction) =>
    request<{ policy: PolicyCell }>('PUT', '/privacy/policies', { class: cls, entityType, action }),
  marks: (includeRevoked = false) =>
    request<{ marks: NotPersonalDataMark[] }>('GET', `/privacy/marks${query({ includeRevoked: includeRevoked ? 'true' : undefined })}`),
  revokeMark: (id: string) => request<void>('DELETE', `/privacy/marks/${enc(id)}`),
  /** `POST /privacy/marks/:id/approve|deny`: a privacy officer other than the requester decides a pending mark. */
  decideMark: (id: string, decision: 'approve' | 'deny') => request<{ mark: NotPersonalDataMark }>('POST', `/privacy/marks/${enc(id)}/${decision}`),
  /** `POST /privacy/messages/:id/redact`: tokenize a message's personal data, or remove the message. */
  redactMessage: (id: string, mode: 'tokenize' | 'remove', reason: string) =>
    request<{ messageId: string; mode: string; tokenized: number }>('POST', `/privacy/messages/${enc(id)}/redact`, { mode, reason }),
};
