/**
 * Where the "New messages" line goes when a channel opens: before the oldest of the last
 * `unread` messages written by others (the server's unread count at opening time counts only
 * others' messages, thread replies included). Returns the id of the root the line precedes, or
 * null when nothing is unread or the first unread message is not loaded.
 */
import type { Message } from '../api/types.ts';

/** The root message id the "New messages" divider precedes (see module note). */
export function firstUnreadRootId(all: readonly Message[], roots: readonly Message[], unread: number, meId: string): string | null {
  if (unread <= 0) return null;
  let left = unread;
  let first: Message | undefined;
  for (let i = all.length - 1; i >= 0 && left > 0; i--) {
    const m = all[i];
    if (!m || m.authorId === meId || m.deletedAt) continue;
    first = m;
    left -= 1;
  }
  if (!first || left > 0) return null;
  // A reply sits in its thread: the line goes before the first root written after it.
  const at = first.id;
  return roots.find((r) => r.id >= at)?.id ?? null;
}
