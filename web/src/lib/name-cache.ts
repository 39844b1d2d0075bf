/**
 * Names for ids the client state does not hold (issue 12, "words, not codes"): channels the privacy
 * officer is not a member of, people no longer listed. Looked up in batches through `POST /names`
 * and kept for the page's life (names are not personal data of users; the server answers only
 * what the caller may know, and ids it refuses are remembered as unknown so they are not asked
 * again).
 */
import { peopleApi } from '../api/people-endpoints.ts';

/** Largest batch of one `POST /names` (the server's limit). */
const BATCH = 200;

const listeners = new Set<() => void>();
let version = 0;

/** Calls `cb` whenever new names arrive; returns the unsubscribe function. */
export function subscribeNames(cb: () => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Changes whenever new names arrive (for `useSyncExternalStore`). */
export function namesVersion(): number {
  return version;
}

const users = new Map<string, { name: string; displayName: string } | null>();
const channels = new Map<string, { name: string; kind: string } | null>();

/** A person's name from the cache (display name first), or undefined. */
export function cachedUserName(id: string): string | undefined {
  const u = users.get(id);
  return u ? u.displayName || u.name : undefined;
}

/** A channel's name and kind from the cache, or undefined. */
export function cachedChannel(id: string): { name: string; kind: string } | undefined {
  return channels.get(id) ?? undefined;
}

/**
 * Looks up the ids not yet cached or asked for; resolves true when anything new was learnt (and then
 * notifies every {@link subscribeNames} listener, so views waiting for ids another view asked for
 * re-render too).
 */
export async function resolveNames(userIds: readonly string[], channelIds: readonly string[]): Promise<boolean> {
  const u = [...new Set(userIds)].filter((id) => id && !users.has(id));
  const c = [...new Set(channelIds)].filter((id) => id && !channels.has(id));
  if (u.length === 0 && c.length === 0) return false;
  for (const id of u) users.set(id, null);
  for (const id of c) channels.set(id, null);
  let learnt = false;
  for (let i = 0; i < Math.max(u.length, c.length); i += BATCH) {
    const r = await peopleApi.names({ userIds: u.slice(i, i + BATCH), channelIds: c.slice(i, i + BATCH) });
    for (const [id, v] of Object.entries(r.users)) users.set(id, v);
    for (const [id, v] of Object.entries(r.channels)) channels.set(id, v);
    learnt ||= Object.keys(r.users).length + Object.keys(r.channels).length > 0;
  }
  if (learnt) {
    version += 1;
    for (const l of listeners) l();
  }
  return learnt;
}
