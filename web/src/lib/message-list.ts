/**
 * Pure helpers keeping a channel's message list ordered by id (ULIDs sort by creation time)
 * and free of duplicates, whatever order pages, own sends and stream events arrive in.
 */
import type { Message } from '../api/types.ts';

/**
 * Merges `incoming` into `list` (both any order) and returns a new list sorted by id.
 * A message already present is replaced by the incoming one unless the present copy is newer
 * (`editedAt`/`deletedAt` later), so a stale page cannot undo a live edit.
 */
export function mergeMessages(list: readonly Message[], incoming: readonly Message[]): Message[] {
  const byId = new Map<string, Message>();
  for (const m of list) byId.set(m.id, m);
  for (const m of incoming) {
    const cur = byId.get(m.id);
    byId.set(m.id, cur && version(cur) > version(m) ? { ...cur, ...m, ...pickNewer(cur) } : { ...cur, ...m });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function version(m: Message): string {
  return [m.deletedAt ?? '', m.editedAt ?? ''].sort().at(-1) ?? '';
}

function pickNewer(m: Message): Partial<Message> {
  return { text: m.text, entities: m.entities, editedAt: m.editedAt, deletedAt: m.deletedAt };
}

/**
 * Applies a new reply to its root's counters (`replyCount` + 1, `lastReplyAt`) when the reply
 * was not already in `list`; returns `list` unchanged otherwise.
 */
export function countReply(list: readonly Message[], reply: Message, alreadyKnown: boolean): Message[] {
  if (!reply.threadRootId || alreadyKnown) return [...list];
  return list.map((m) =>
    m.id === reply.threadRootId ? { ...m, replyCount: (m.replyCount ?? 0) + 1, lastReplyAt: reply.createdAt } : m,
  );
}
