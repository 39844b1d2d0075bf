/**
 * The people directory (`/people`, issue 12): every active colleague with avatar, shown name,
 * title, team, status and presence (`GET /presence`, through the store); a search box filters by
 * name, title or team on the server (`GET /people?q`). Pressing a name opens the profile card.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { peopleApi, type Profile } from '../api/people-endpoints.ts';
import { Avatar } from '../components/people/avatar.tsx';
import { PersonName } from '../components/people/person-name.tsx';
import { PresenceDot } from '../components/presence-dot.tsx';
import { shownName } from '../lib/people.ts';
import { useChat } from '../state/store-context.ts';

/** Delay between the last keystroke and the search, ms. */
const DEBOUNCE_MS = 200;

/** The directory screen. */
export function PeoplePage() {
  const { store } = useChat();
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Profile[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void store.reloadPresence().catch(() => undefined);
  }, [store]);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      peopleApi.search(q).then(
        (r) => {
          if (!live) return;
          setError(null);
          setPeople(r.people);
        },
        (err: unknown) => live && setError(errorText(err)),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [q]);

  return (
    <div className="page people-page">
      <h1>People</h1>
      <form role="search" aria-label="Search people" className="form" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search by name, title or team
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </label>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small" role="status">
        {people === null ? 'Loading…' : people.length === 0 ? 'Nobody matches.' : `${people.length} ${people.length === 1 ? 'person' : 'people'}`}
      </p>
      {people && people.length > 0 && (
        <ul className="people-list" aria-label="People">
          {people.map((p) => (
            <li key={p.id} className="person-row" data-user-id={p.id}>
              <Avatar userId={p.id} name={shownName(p)} url={p.avatarUrl} size={40} />
              <div className="person-main">
                <div>
                  <PresenceDot userId={p.id} /> <PersonName userId={p.id}>{shownName(p)}</PersonName>
                  {p.displayName && <span className="muted small"> · {p.name}</span>}
                </div>
                {(p.title || p.team) && <div className="small">{[p.title, p.team].filter(Boolean).join(' · ')}</div>}
                {(p.statusEmoji || p.statusText) && (
                  <div className="small muted person-status">
                    {p.statusEmoji && <span aria-hidden="true">{p.statusEmoji} </span>}
                    {p.statusText}
                  </div>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
