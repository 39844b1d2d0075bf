/**
 * Pure helpers for emoji reactions: applying a `reaction.added`/`reaction.removed` change to a
 * message's reaction list (idempotent: a change seen twice, e.g. own answer then stream event,
 * counts once), and the "who reacted" line shown on hover.
 */
import type { Reaction } from '../api/types.ts';

/** A reaction change as the stream reports it. */
export interface ReactionChange {
  emoji: string;
  userId: string;
  added: boolean;
}

/** The reaction list after `change`; emoji without people left disappear. */
export function applyReaction(list: readonly Reaction[] | undefined, change: ReactionChange): Reaction[] {
  const cur = list ?? [];
  const i = cur.findIndex((r) => r.emoji === change.emoji);
  const r = i >= 0 ? cur[i] : undefined;
  if (change.added) {
    if (r?.userIds.includes(change.userId)) return [...cur];
    if (!r) return [...cur, { emoji: change.emoji, count: 1, userIds: [change.userId] }];
    return cur.map((x, j) => (j === i ? { ...x, count: x.count + 1, userIds: [...x.userIds, change.userId] } : x));
  }
  if (!r || !r.userIds.includes(change.userId)) return [...cur];
  if (r.count <= 1) return cur.filter((_, j) => j !== i);
  return cur.map((x, j) => (j === i ? { ...x, count: x.count - 1, userIds: x.userIds.filter((u) => u !== change.userId) } : x));
}

/**
 * "Ada, Bob and 3 others reacted with 👍" — names of the listed people (the caller as "You"),
 * the rest counted. `nameOf` turns a user id into a display name.
 */
export function whoReacted(r: Reaction, meId: string, nameOf: (id: string) => string, shown = 3): string {
  const names = r.userIds.slice(0, shown).map((id) => (id === meId ? 'You' : nameOf(id)));
  const others = r.count - names.length;
  const list =
    others > 0
      ? `${names.join(', ')} and ${others} ${others === 1 ? 'other' : 'others'}`
      : names.length > 1
        ? `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`
        : (names[0] ?? '');
  return `${list} reacted with ${r.emoji}`;
}

/** Emoji offered in the reaction picker. */
export const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '👀', '✅', '🙏', '😮'] as const;
