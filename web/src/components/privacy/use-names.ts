/** Loads names for the given ids into the name cache and re-renders once they are known. */
import { useEffect, useSyncExternalStore } from 'react';
import { namesVersion, resolveNames, subscribeNames } from '../../lib/name-cache.ts';

/** Ids of people and channels an audit view is about to show. */
export interface IdsToName {
  userIds: string[];
  channelIds: string[];
}

/** User and channel ids found in audit events: actors, `user:`/`channel:` targets, `userId`/`channelId` details. */
export function idsOfEvents(events: ReadonlyArray<{ actor: string; target: string; details: Record<string, unknown> | null }>): IdsToName {
  const userIds: string[] = [];
  const channelIds: string[] = [];
  for (const e of events) {
    if (e.actor !== 'system' && e.actor !== 'cli') userIds.push(e.actor);
    const [kind, id] = e.target.split(/:(.*)/s, 2);
    if (kind === 'user' && id) userIds.push(id);
    if (kind === 'channel' && id) channelIds.push(id);
    const d = e.details ?? {};
    if (typeof d.userId === 'string') userIds.push(d.userId);
    if (typeof d.channelId === 'string') channelIds.push(d.channelId);
  }
  return { userIds, channelIds };
}

/** Resolves `ids` (re-runs when their joined key changes); returns a counter that changes when any names arrive. */
export function useNames(ids: IdsToName): number {
  const version = useSyncExternalStore(subscribeNames, namesVersion);
  const key = `${ids.userIds.join(',')}|${ids.channelIds.join(',')}`;
  useEffect(() => {
    void resolveNames(ids.userIds, ids.channelIds).catch(() => undefined);
  }, [key]);
  return version;
}
