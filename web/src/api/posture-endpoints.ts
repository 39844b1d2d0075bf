/** The posture dashboard's numbers (`GET /api/v1/privacy/posture`, privacy officers). */
import { request } from './client.ts';

/** One counted cell: week (Monday, UTC), channel class, entity type. */
export interface PostureCell {
  week: string;
  channelClass: string;
  entityType: string;
  count: number;
}

/** The server's answer (see server `services/posture/posture.ts`). */
export interface Posture {
  from: string;
  to: string;
  shared: PostureCell[];
  blocked: PostureCell[];
  reveals: {
    byPerson: Array<{ actorId: string; granted: number; denied: number; flagged: number }>;
    byJustification: Array<{ category: string; count: number }>;
  };
  topChannels: Array<{ channelId: string; name: string; channelClass: string; members: number; findings: number; exposure: number }>;
  overrides: { notPersonalDataMarks: number; markRevokes: number; policyChanges: number; flaggedReveals: number; reviews: number };
}

/** Query string of a range (ISO dates; empty → server default, the last 12 weeks). */
export function postureQuery(range: { from?: string; to?: string }, format?: 'csv' | 'json'): string {
  const q = new URLSearchParams();
  if (range.from) q.set('from', range.from);
  if (range.to) q.set('to', range.to);
  if (format) q.set('format', format);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export const postureApi = {
  get: (range: { from?: string; to?: string }) => request<Posture>('GET', `/privacy/posture${postureQuery(range)}`),
};
