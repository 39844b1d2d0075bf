/**
 * "Saved": the messages I saved that I can still read (the server leaves out messages of channels
 * I left and deleted ones), newest saved first; each opens at its place in the channel.
 */
import './channels.css';
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { savedApi, type SavedItem } from '../api/channel-extras-endpoints.ts';
import { navigate, permalinkPath } from '../router.ts';
import { setSaved } from '../state/marks.ts';
import { useChat } from '../state/store-context.ts';
import { MessageText } from './message-text.tsx';
import { shortTime } from './message-item.tsx';

/** The Saved screen. */
export function SavedView() {
  const { store } = useChat();
  const [items, setItems] = useState<SavedItem[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    savedApi.list({ limit: 50 }).then(
      (r) => {
        setItems(r.items);
        setHasMore(r.hasMore);
      },
      (err: unknown) => setError(errorText(err)),
    );
  }, []);

  async function more(): Promise<void> {
    const last = items?.at(-1)?.message.id;
    if (!last) return;
    try {
      const r = await savedApi.list({ limit: 50, before: last });
      setItems([...(items ?? []), ...r.items]);
      setHasMore(r.hasMore);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function remove(id: string): Promise<void> {
    try {
      await setSaved(id, false);
      setItems((list) => (list ?? []).filter((i) => i.message.id !== id));
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section className="saved-view" aria-labelledby="saved-title">
      <header className="channel-head">
        <h1 id="saved-title">Saved items</h1>
      </header>
      <div className="pane-scroll">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {items === null && !error && <p className="muted">Loading…</p>}
        {items?.length === 0 && <p className="muted">Nothing saved yet. Use “Save” in a message’s actions to keep it here.</p>}
        <ul className="plain-list results saved-list">
          {items?.map(({ message: m, channelName, channelKind }) => (
            <li key={m.id}>
              <div className="result">
                <button type="button" className="result-open" onClick={() => navigate(permalinkPath(m.channelId, m.id))} aria-label={`Open saved message in ${channelKind === 'dm' ? channelName : `#${channelName}`}`}>
                  <strong>{channelKind === 'dm' ? channelName : `#${channelName}`}</strong> · {store.userName(m.authorId)} · {new Date(m.createdAt).toLocaleDateString()} {shortTime(m.createdAt)}
                </button>
                <MessageText text={m.text} entities={m.entities} />
                <button type="button" className="link-button" onClick={() => void remove(m.id)}>
                  Remove from saved
                </button>
              </div>
            </li>
          ))}
        </ul>
        {hasMore && (
          <button type="button" onClick={() => void more()}>
            More saved items
          </button>
        )}
      </div>
    </section>
  );
}
