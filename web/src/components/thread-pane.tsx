/**
 * The thread side pane: the root message, its replies (live) and a reply composer.
 * Escape closes it (handled by the workspace) and focus starts in the reply box.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../api/client.ts';
import { messagesApi } from '../api/endpoints.ts';
import type { Message } from '../api/types.ts';
import { useChat } from '../state/store-context.ts';
import { Composer, type ComposerHandle } from './composer.tsx';
import { MessageItem } from './message-item.tsx';
import { MessageList } from './message-list.tsx';

/** Props of {@link ThreadPane}. */
export interface ThreadPaneProps {
  channelId: string;
  rootId: string;
  highlightId?: string | null;
  onClose: () => void;
}

/** Thread pane. */
export function ThreadPane({ channelId, rootId, highlightId, onClose }: ThreadPaneProps) {
  const { store, state } = useChat();
  const people = useMemo(() => [...state.users.values()].filter((u) => u.active && u.id !== state.me.id), [state.users, state.me.id]);
  const [fetchedRoot, setFetchedRoot] = useState<Message | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sentTick, setSentTick] = useState(0);
  const composer = useRef<ComposerHandle>(null);
  const root = state.messages[channelId]?.list.find((m) => m.id === rootId) ?? fetchedRoot;
  const thread = state.threads[rootId];

  useEffect(() => {
    setError(null);
    store.loadThread(channelId, rootId).catch((err: unknown) => setError(errorText(err)));
    if (!state.messages[channelId]?.list.some((m) => m.id === rootId)) {
      messagesApi
        .get(rootId)
        .then(({ message }) => setFetchedRoot(message))
        .catch((err: unknown) => setError(errorText(err)));
    }
    composer.current?.focus();
  }, [channelId, rootId]);

  return (
    <aside className="side-pane" aria-label="Thread">
      <header className="pane-head">
        <h2>Thread</h2>
        <button type="button" className="icon-button" aria-label="Close thread" onClick={onClose}>
          ×
        </button>
      </header>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <MessageList
        label="Thread replies"
        messages={thread?.replies ?? []}
        hasMore={false}
        highlightId={highlightId}
        sentTick={sentTick}
        header={
          root ? (
            <ul className="message-list thread-root">
              <MessageItem
                message={root}
                authorName={store.userName(root.authorId)}
                compact={false}
                isMine={root.authorId === state.me.id}
                mentionsMe={root.mentions?.includes(state.me.id) ?? false}
                onEdit={(text, chips) => store.edit(root.id, text, chips)}
                onDelete={() => store.remove(root)}
              />
              <li className="thread-divider">
                <span>{replyLabel(thread?.replies.length ?? 0)}</span>
              </li>
            </ul>
          ) : (
            <p className="muted">Loading…</p>
          )
        }
      />
      <Composer
        ref={composer}
        label="Reply in thread"
        channelId={channelId}
        channelClass={state.channels.find((c) => c.id === channelId)?.class}
        mentionCandidates={people}
        initialText={store.drafts.get(`thread:${rootId}`) ?? ''}
        onTextChange={(t) => (t ? store.drafts.set(`thread:${rootId}`, t) : store.drafts.delete(`thread:${rootId}`))}
        placeholder="Reply…"
        onSend={async (text) => {
          await store.send(channelId, text, rootId);
          setSentTick((t) => t + 1);
        }}
      />
    </aside>
  );
}

function replyLabel(n: number): string {
  return n === 0 ? 'No replies yet' : n === 1 ? '1 reply' : `${n} replies`;
}
