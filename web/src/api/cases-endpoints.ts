/**
 * Typed calls of the cases part of the API (docs/api.md, "Cases"; server `routes/{cases,subjects}`).
 * Reveal answers are `Cache-Control: no-store`; the client keeps them only in component state.
 */
import { request } from './client.ts';

/** An active legal hold over a subject: on the subject itself (`subjectSince`) and/or on cases about it. */
export interface SubjectLegalHold {
  subjectSince: string | null;
  cases: Array<{ caseId: string; number: number; since: string }>;
}

/** A subject card: fields masked (`j▪▪▪@example.com`), or `erased`; `legalHold` when one is active. */
export interface SubjectCard {
  id: string;
  role: string;
  erased: boolean;
  fields: Record<string, string>;
  invalid: string[];
  legalHold?: SubjectLegalHold | null;
}

/** A case as listed and shown. */
export interface CaseSummary {
  id: string;
  number: number;
  category: string;
  status: string;
  priority: string;
  queue: string | null;
  assignees: string[];
  watchers: string[];
  roomChannelId: string | null;
  dueAt: string | null;
  overdue: boolean;
  createdAt: string;
  subjects: SubjectCard[];
}

/** One timeline entry (texts hold placeholders; `entities` give chips). */
export interface CaseEvent {
  id: string;
  kind: string;
  actorId: string;
  text: string;
  data: Record<string, unknown>;
  at: string;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const casesApi = {
  list: (f: { status?: string; queue?: string; assignee?: string }) => request<{ cases: CaseSummary[]; hasMore: boolean }>('GET', `/cases${query(f)}`),
  get: (id: string) => request<CaseSummary>('GET', `/cases/${enc(id)}`),
  timeline: (id: string) => request<{ complaint: { text: string; submittedAt: string }; events: CaseEvent[] }>('GET', `/cases/${enc(id)}/timeline`),
  assign: (id: string, userId: string) => request<void>('POST', `/cases/${enc(id)}/assignees`, { userId }),
  unassign: (id: string, userId: string) => request<void>('DELETE', `/cases/${enc(id)}/assignees/${enc(userId)}`),
  update: (id: string, body: { status?: string; priority?: string }) => request<CaseSummary>('PATCH', `/cases/${enc(id)}`, body),
  note: (id: string, text: string) => request<{ id: string }>('POST', `/cases/${enc(id)}/notes`, { text }),
  decide: (id: string, decision: string, reason: string) => request<{ id: string }>('POST', `/cases/${enc(id)}/decisions`, { decision, reason }),
  /** Reveals one field of a subject (`index`: which value of a multi-valued field, from 0). */
  revealField: (subjectId: string, field: string, justification: string, index?: number) =>
    request<{ value: string; entityType: string; flagged: boolean }>(
      'POST',
      `/subjects/${enc(subjectId)}/reveal`,
      index === undefined ? { field, justification } : { field, justification, index },
    ),
};
