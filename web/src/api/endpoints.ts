/**
 * Typed calls of the Enclave API (docs/api.md). Each function is one HTTP call through
 * {@link request}; all throw {@link ApiError} on failure.
 */
import { request } from './client.ts';
import type {
  ApiToken,
  Channel,
  LogoutAllResult,
  Me,
  Member,
  Message,
  MessagePage,
  MessageVersion,
  Role,
  SearchResult,
  Session,
  User,
} from './types.ts';

const enc = encodeURIComponent;

function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Setup and sign-in. */
export const authApi = {
  me: () => request<Me>('GET', '/me'),
  setupNeeded: () => request<{ needed: boolean }>('GET', '/setup'),
  setup: (body: { token: string; email: string; name: string; password: string }) =>
    request<{ user: Me }>('POST', '/setup', body),
  login: (email: string, password: string) =>
    request<{ user: Me; mustChangePassword?: boolean }>('POST', '/auth/login', { email, password }),
  logout: () => request<void>('POST', '/auth/logout'),
  /** Ends every session; with `includeApiTokens` every API token too. */
  logoutAll: (includeApiTokens = false) => request<LogoutAllResult>('POST', '/auth/logout-all', { includeApiTokens }),
  sessions: () => request<{ sessions: Session[] }>('GET', '/auth/sessions'),
  endSession: (id: string) => request<void>('DELETE', `/auth/sessions/${enc(id)}`),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<void>('POST', '/auth/password', { currentPassword, newPassword }),
};

/** API tokens of the caller. */
export const tokensApi = {
  list: () => request<{ tokens: ApiToken[] }>('GET', '/tokens'),
  /** `expiresInDays` 1–365 (server default 90). */
  create: (name: string, expiresInDays?: number) =>
    request<{ id: string; name: string; token: string; expiresAt: string }>('POST', '/tokens', {
      name,
      ...(expiresInDays ? { expiresInDays } : {}),
    }),
  revoke: (id: string) => request<void>('DELETE', `/tokens/${enc(id)}`),
};

/** Staff accounts. */
export const usersApi = {
  list: (q?: string) => request<{ users: User[] }>('GET', `/users${query({ q })}`),
  roles: () => request<{ roles: Role[] }>('GET', '/roles'),
  create: (body: { email: string; name: string; role: string; password?: string }) =>
    request<{ user: User; temporaryPassword?: string; roleRequest?: { id: string; role: string } }>('POST', '/users', body),
  update: (id: string, body: { name?: string; role?: string; active?: boolean }) =>
    request<{ user: User; roleRequest?: { id: string; role: string } }>('PATCH', `/users/${enc(id)}`, body),
  /** Who has the app open: `{ [userId]: 'active' | 'away' }` (absent = offline). */
  presence: () => request<{ presence: Record<string, 'active' | 'away'> }>('GET', '/presence'),
  /** Reports the caller's own state (idle or hidden → away). */
  setPresence: (status: 'active' | 'away') => request<void>('PUT', '/presence', { status }),
  resetPassword: (id: string) => request<{ temporaryPassword: string }>('POST', `/users/${enc(id)}/password-reset`),
};

/** Channels, members, DMs. */
export const channelsApi = {
  list: () => request<{ channels: Channel[] }>('GET', '/channels'),
  get: (id: string) => request<Channel>('GET', `/channels/${enc(id)}`),
  create: (name: string, visibility: 'public' | 'private', topic?: string) =>
    request<Channel>('POST', '/channels', { name, visibility, ...(topic ? { topic } : {}) }),
  members: (id: string) => request<{ members: Member[] }>('GET', `/channels/${enc(id)}/members`),
  addMember: (id: string, userId: string) => request<void>('POST', `/channels/${enc(id)}/members`, { userId }),
  removeMember: (id: string, userId: string) =>
    request<void>('DELETE', `/channels/${enc(id)}/members/${enc(userId)}`),
  markRead: (id: string, messageId: string) => request<void>('POST', `/channels/${enc(id)}/read`, { messageId }),
  /** Tells the other members the caller is typing (no text is sent). */
  typing: (id: string) => request<void>('POST', `/channels/${enc(id)}/typing`),
  openDm: (userIds: string[]) => request<Channel>('POST', '/dms', { userIds }),
};

/** Messages and search. */
export const messagesApi = {
  page: (channelId: string, opts: { before?: string; after?: string; limit?: number; threadRootId?: string } = {}) =>
    request<MessagePage>('GET', `/channels/${enc(channelId)}/messages${query(opts)}`),
  get: (id: string) => request<{ message: Message }>('GET', `/messages/${enc(id)}`),
  post: (channelId: string, text: string, clientMsgId: string, threadRootId?: string) =>
    request<{ message: Message }>('POST', `/channels/${enc(channelId)}/messages`, {
      text,
      clientMsgId,
      ...(threadRootId ? { threadRootId } : {}),
    }),
  /** `entities`: the chips kept by the edit (token + span in `text`); their tokens are kept. */
  edit: (id: string, text: string, entities?: Array<{ token: string; start: number; end: number }>) =>
    request<{ message: Message }>('PATCH', `/messages/${enc(id)}`, entities ? { text, entities } : { text }),
  remove: (id: string) => request<void>('DELETE', `/messages/${enc(id)}`),
  /** Adds the caller's `emoji` reaction (idempotent). 409 `reaction_limit`, 429 `rate_limited`. */
  react: (id: string, emoji: string) => request<void>('POST', `/messages/${enc(id)}/reactions`, { emoji }),
  /** Removes the caller's `emoji` reaction. */
  unreact: (id: string, emoji: string) => request<void>('DELETE', `/messages/${enc(id)}/reactions`, { emoji }),
  history: (id: string) => request<{ versions: MessageVersion[] }>('GET', `/messages/${enc(id)}/history`),
  search: (q: string, opts: { channelId?: string; limit?: number; before?: string } = {}) =>
    request<{ results: SearchResult[]; hasMore: boolean }>('GET', `/search${query({ q, ...opts })}`),
};

/** A random id for `clientMsgId` (idempotent retries). */
export function newClientMsgId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}
