/**
 * Typed calls of the need-to-know part of the API (issue 7, items 4–5; server `routes/users/role-requests.ts`,
 * `routes/reveal/reviews.ts`, `routes/channels/access.ts`): role requests with a second approver,
 * the review queue of flagged reveals, channel owners and the owners-only add setting.
 */
import { request } from './client.ts';

const enc = encodeURIComponent;

/** A request to give someone a role that needs a second approver. */
export interface RoleRequest {
  id: string;
  userId: string;
  role: string;
  requestedBy: string;
  requestedAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
}

/** A flagged reveal waiting for (or signed off by) a different privacy officer. Never holds a value. */
export interface RevealReview {
  id: string;
  revealerId: string;
  token: string;
  reason: 'privacy_officer' | 'shared_before_joined' | string;
  revealedAt: string;
  justification: string | null;
  entityType: string | null;
  channelId: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  note: string | null;
}

/** Who may add members to a channel, and its owners. */
export interface ChannelSettings {
  channelId: string;
  addMembers: 'members' | 'owners';
  owners: string[];
  canManage: boolean;
}

export const accessApi = {
  roleRequests: (status: RoleRequest['status'] = 'pending') => request<{ roleRequests: RoleRequest[] }>('GET', `/role-requests?status=${status}`),
  decideRoleRequest: (id: string, decision: 'approve' | 'reject') => request<{ roleRequest: RoleRequest }>('POST', `/role-requests/${enc(id)}/${decision}`),
  revealReviews: (status: 'pending' | 'done' = 'pending') => request<{ reviews: RevealReview[] }>('GET', `/privacy/reveal-reviews?status=${status}`),
  signOff: (id: string, note: string) => request<{ review: RevealReview }>('POST', `/privacy/reveal-reviews/${enc(id)}/sign-off`, { note }),
  channelSettings: (channelId: string) => request<ChannelSettings>('GET', `/channels/${enc(channelId)}/settings`),
  setAddMembers: (channelId: string, addMembers: ChannelSettings['addMembers']) => request<ChannelSettings>('PATCH', `/channels/${enc(channelId)}/settings`, { addMembers }),
  addOwner: (channelId: string, userId: string) => request<void>('POST', `/channels/${enc(channelId)}/owners`, { userId }),
  removeOwner: (channelId: string, userId: string) => request<void>('DELETE', `/channels/${enc(channelId)}/owners/${enc(userId)}`),
};
