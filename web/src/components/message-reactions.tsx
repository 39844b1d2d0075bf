/**
 * A message's emoji reactions: one toggle button per emoji (pressed when the caller reacted; its
 * title and accessible name say who reacted), and an "Add reaction" button opening a small
 * picker. Reactions are emoji only; nothing typed goes to the server.
 */
import { useState } from 'react';
import { errorText } from '../api/client.ts';
import type { Message } from '../api/types.ts';
import { QUICK_REACTIONS, whoReacted } from '../lib/reactions.ts';
import { useChat } from '../state/store-context.ts';

/** Props of {@link MessageReactions}. */
export interface MessageReactionsProps {
  message: Message;
  /** The emoji picker is open (its toggle also sits in the message's action bar). */
  picking: boolean;
  onPickingChange: (open: boolean) => void;
}

/** The reaction bar under a message: nothing at all while there are no reactions and no picker. */
export function MessageReactions({ message, picking, onPickingChange: setPicking }: MessageReactionsProps) {
  const { store, state } = useChat();
  const [error, setError] = useState<string | null>(null);
  const reactions = message.reactions ?? [];
  if (message.deletedAt || (reactions.length === 0 && !picking && !error)) return null;

  function toggle(emoji: string): void {
    setPicking(false);
    store.toggleReaction(message, emoji).then(
      () => setError(null),
      (err: unknown) => setError(errorText(err)),
    );
  }

  return (
    <div className="reactions" role="group" aria-label="Reactions">
      {reactions.map((r) => {
        const mine = r.userIds.includes(state.me.id);
        const who = whoReacted(r, state.me.id, (id) => store.userName(id));
        return (
          <button key={r.emoji} type="button" className={mine ? 'reaction mine' : 'reaction'} aria-pressed={mine} title={who} aria-label={`${r.emoji} ${r.count}: ${who}. ${mine ? 'Press to remove yours' : 'Press to react too'}`} onClick={() => toggle(r.emoji)}>
            <span aria-hidden="true">{r.emoji}</span> <span className="reaction-count">{r.count}</span>
          </button>
        );
      })}
      {reactions.length > 0 && (
        <button type="button" className="reaction add" aria-expanded={picking} aria-label="Add another reaction" title="Add reaction" onClick={() => setPicking(!picking)}>
          <span aria-hidden="true">☺+</span>
        </button>
      )}
      {picking && (
        <div className="reaction-picker" role="group" aria-label="Pick a reaction">
          {QUICK_REACTIONS.map((e) => (
            <button key={e} type="button" aria-label={`React with ${e}`} onClick={() => toggle(e)}>
              {e}
            </button>
          ))}
        </div>
      )}
      {error && (
        <span className="error small" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
