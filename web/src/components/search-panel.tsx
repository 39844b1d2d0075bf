/** Search results pane: newest first, each opens its channel at the message. */
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { messagesApi } from '../api/endpoints.ts';
import type { Message, SearchResult } from '../api/types.ts';
import { useChat } from '../state/store-context.ts';
import { shortTime } from './message-item.tsx';
import { MessageText } from './message-text.tsx';

/** Props of {@link SearchPanel}. */
export interface SearchPanelProps {
  query: string;
  onOpen: (m: Message) => void;
  onClose: () => void;
}

/** Search results. */
export function SearchPanel({ query, onOpen, onClose }: SearchPanelProps) {
  const { store } = useChat();
  const [results, setResults] = useState<SearchResult[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setResults(null);
    setError(null);
    messagesApi
      .search(query, { limit: 30 })
      .then((r) => {
        if (!live) return;
        setResults(r.results);
        setHasMore(r.hasMore);
      })
      .catch((err: unknown) => live && setError(errorText(err)));
    return () => {
      live = false;
    };
  }, [query]);

  async function more(): Promise<void> {
    const last = results?.at(-1)?.message.id;
    if (!last) return;
    try {
      const r = await messagesApi.search(query, { limit: 30, before: last });
      setResults([...(results ?? []), ...r.results]);
      setHasMore(r.hasMore);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <aside className="side-pane" aria-label="Search results">
      <header className="pane-head">
        <h2>Results for “{query}”</h2>
        <button type="button" className="icon-button" aria-label="Close search" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="pane-scroll">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <p className="sr-only" role="status">
          {results ? `${results.length}${hasMore ? '+' : ''} results` : 'Searching'}
        </p>
        {results === null && !error && <p className="muted">Searching…</p>}
        {results?.length === 0 && <p className="muted">No messages match.</p>}
        <ul className="plain-list results">
          {results?.map(({ message: m, channelName }) => (
            <li key={m.id}>
              <div className="result">
                <button type="button" className="result-open" onClick={() => onOpen(m)}>
                  {/* The name starts with what the button does and contains the visible text (axe label-content-name-mismatch). */}
                  <span className="sr-only">Open message in </span>
                  <strong>{channelName}</strong> · {store.userName(m.authorId)} · {new Date(m.createdAt).toLocaleDateString()}{' '}
                  {shortTime(m.createdAt)}
                  {m.threadRootId ? ' · in a thread' : ''}
                </button>
                <MessageText text={m.text} entities={m.entities} />
              </div>
            </li>
          ))}
        </ul>
        {hasMore && (
          <button type="button" onClick={() => void more()}>
            More results
          </button>
        )}
      </div>
    </aside>
  );
}
