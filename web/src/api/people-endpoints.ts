/**
 * People (issue 12; docs/api.md "People"): profiles, the directory, avatars and the name lookup for
 * ids. Each function is one HTTP call; all throw {@link ApiError} on failure.
 */
import { ApiError, readCookie, request } from './client.ts';

/** A staff member's profile (`GET /users/:id/profile`); '' = not set, `avatarUrl` null = initials. */
export interface Profile {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
  displayName: string;
  title: string;
  team: string;
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: string;
  statusText: string;
  statusEmoji: string;
  avatarUrl: string | null;
}

/** Fields of `PATCH /me/profile`; omitted = unchanged, '' = cleared. */
export type ProfilePatch = Partial<Pick<Profile, 'displayName' | 'title' | 'team' | 'timeZone' | 'statusText' | 'statusEmoji'>>;

/** Answer of `POST /names`: only the ids the caller may see. */
export interface Names {
  users: Record<string, { name: string; displayName: string }>;
  channels: Record<string, { name: string; kind: string; visibility: string }>;
}

const enc = encodeURIComponent;

/** The people calls. */
export const peopleApi = {
  profile: (userId: string) => request<Profile>('GET', `/users/${enc(userId)}/profile`),
  updateMine: (patch: ProfilePatch) => request<Profile>('PATCH', '/me/profile', patch),
  search: (q: string) => request<{ people: Profile[] }>('GET', `/people${q.trim() ? `?q=${enc(q.trim())}` : ''}`),
  names: (ids: { userIds?: string[]; channelIds?: string[] }) => request<Names>('POST', '/names', ids),
  removeAvatar: () => request<void>('DELETE', '/me/avatar'),
  /** `POST /me/avatar` (multipart); resolves with the updated profile. */
  async uploadAvatar(file: Blob, name = 'avatar'): Promise<Profile> {
    const form = new FormData();
    form.append('file', file, name);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const csrf = readCookie('enclave_csrf');
    if (csrf) headers['X-CSRF-Token'] = csrf;
    let res: Response;
    try {
      res = await fetch('/api/v1/me/avatar', { method: 'POST', body: form, headers, credentials: 'same-origin', cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'network_error', 'The server could not be reached.');
    }
    const body: unknown = await res.json().catch(() => undefined);
    if (res.ok) return body as Profile;
    const e = body && typeof body === 'object' && 'error' in body ? (body as { error: { code?: string; message?: string } }).error : undefined;
    throw new ApiError(res.status, e?.code ?? 'http_error', e?.message ?? `Upload failed (${res.status}).`);
  },
};
