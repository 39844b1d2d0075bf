/**
 * Typed calls of the privacy officer's data-subject tools and the admin's integrations (docs/api.md,
 * "Subjects", "Integrations"; server `routes/{subjects,integrations}`). Search values travel in the
 * body (blind index), never in a URL; integration secrets are kept only in component state.
 */
import { request } from './client.ts';
import type { SubjectCard } from './cases-endpoints.ts';

/** What a subject search matches on (a blind index each). */
export type SubjectSearchKind = 'account' | 'username' | 'email' | 'phone';

/** One row of a subject's access report (GDPR art. 15): a reveal attempt of their data. */
export interface AccessEvent {
  at: string;
  actorId: string;
  caseId: string | null;
  channelId: string | null;
  field: string | null;
  entityType: string | null;
  justification: string | null;
  outcome: string;
}

/** An integration as listed (never its secret). */
export interface Integration {
  id: string;
  name: string;
  enabled: boolean;
  createdAt: string;
}

const enc = encodeURIComponent;

/** Where a legal hold applies. */
export type HoldTarget = 'case' | 'subject';

export const subjectsApi = {
  search: (kind: SubjectSearchKind, value: string) => request<{ subjects: SubjectCard[] }>('POST', '/subjects/search', { kind, value }),
  accessReport: (id: string) => request<{ subjectId: string; events: AccessEvent[] }>('GET', `/subjects/${enc(id)}/access-report`),
  /** The CSV download address (a plain link: the browser sends the session cookie). */
  accessReportCsvUrl: (id: string) => `/api/v1/subjects/${enc(id)}/access-report?format=csv`,
  erase: (subjectId: string) => request<{ subjectId: string; tokens: number }>('POST', '/privacy/erasure', { subjectId }),
  setHold: (target: HoldTarget, id: string, hold: boolean) => request<void>(hold ? 'PUT' : 'DELETE', `/legal-holds/${target}/${enc(id)}`),
};

export const integrationsApi = {
  list: () => request<{ integrations: Integration[] }>('GET', '/integrations'),
  create: (name: string) => request<{ id: string; secret: string }>('POST', '/integrations', { name }),
  rotate: (id: string, overlapMinutes?: number) =>
    request<{ id: string; secret: string; previousValidUntil: string | null }>('POST', `/integrations/${enc(id)}/rotate`, overlapMinutes === undefined ? {} : { overlapMinutes }),
  setEnabled: (id: string, enabled: boolean) => request<void>('PATCH', `/integrations/${enc(id)}`, { enabled }),
};
