/**
 * The specialist queue (issue 11): quarantined images (they matched a hash list and never reached
 * their channel), shown greyscale and blurred; "Unblur" asks for a justification and shows the
 * image for one minute with a countdown (audited); decisions (confirmed / false match) and the
 * hotline report download (audited; the image only when included).
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { errorText, request } from '../api/client.ts';
import { useChat } from '../state/store-context.ts';

interface Item {
  fileId: string;
  channelId: string;
  uploaderId: string;
  mime: string;
  createdAt: string;
  hashes: { sha256: string | null; md5: string | null; pdq: string | null };
  matches: Array<{ listId: string; listName?: string; signalType: string; distance: number }>;
  decision: 'confirmed' | 'false_match' | null;
}

function QuarantineCard({ item, onChanged }: { item: Item; onChanged: () => void }) {
  const [until, setUntil] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const [asking, setAsking] = useState(false);
  const [why, setWhy] = useState('');
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  const whyId = useId();
  useEffect(() => {
    if (until === null) return;
    const t = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= until) {
        setUntil(null);
        setVersion((v) => v + 1);
      }
    }, 1000);
    return () => clearInterval(t);
  }, [until]);

  async function unblur(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const r = await request<{ expiresAt: string }>('POST', `/quarantine/${encodeURIComponent(item.fileId)}/unblur`, { justification: why.trim() });
      setAsking(false);
      setWhy('');
      setUntil(Date.parse(r.expiresAt));
      setNow(Date.now());
      setVersion((v) => v + 1);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function decide(decision: 'confirmed' | 'false_match'): Promise<void> {
    try {
      await request('POST', `/quarantine/${encodeURIComponent(item.fileId)}/decision`, { decision });
      onChanged();
    } catch (err) {
      setError(errorText(err));
    }
  }

  const clear = until !== null && now < until;
  const left = until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
  const base = `/api/v1/quarantine/${encodeURIComponent(item.fileId)}`;
  return (
    <li className="quarantine-card" data-file-id={item.fileId} data-clear={clear ? 'true' : 'false'}>
      <img src={`${base}/image?v=${version}`} alt={clear ? 'Quarantined image (unblurred)' : 'Quarantined image (blurred, greyscale)'} className="file-thumb" />
      <dl className="small">
        <dt>Uploaded</dt>
        <dd>{new Date(item.createdAt).toLocaleString()} by account {item.uploaderId}</dd>
        <dt>Matched</dt>
        <dd>{item.matches.map((m) => `${m.signalType.toUpperCase()} on list ${m.listName ?? m.listId}${m.signalType === 'pdq' ? ` (distance ${m.distance})` : ''}`).join('; ')}</dd>
        <dt>Decision</dt>
        <dd>{item.decision === null ? 'pending' : item.decision === 'confirmed' ? 'confirmed' : 'false match'}</dd>
      </dl>
      {clear ? (
        <p className="notice small">Unblurred for {left} s.</p>
      ) : asking ? (
        <form onSubmit={(e) => void unblur(e)}>
          <label htmlFor={whyId}>Justification</label>
          <input id={whyId} value={why} onChange={(e) => setWhy(e.target.value)} maxLength={500} autoFocus />
          <button type="submit" disabled={why.trim().length < 12}>
            Unblur for one minute
          </button>
        </form>
      ) : (
        <button type="button" onClick={() => setAsking(true)}>
          Unblur…
        </button>
      )}
      <div className="row">
        {item.decision === null && (
          <>
            <button type="button" onClick={() => void decide('confirmed')}>
              Confirm match
            </button>
            <button type="button" onClick={() => void decide('false_match')}>
              False match (release)
            </button>
          </>
        )}
        <a href={`${base}/report`} download>
          Report package (JSON)
        </a>
      </div>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/** The page. */
export function QuarantinePage() {
  const { state } = useChat();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState('');
  const load = useCallback(() => {
    request<{ items: Item[] }>('GET', '/quarantine')
      .then((r) => setItems(r.items))
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(() => {
    if (state.me.role === 'specialist') load();
  }, [load, state.me.role]);
  if (state.me.role !== 'specialist') return <p className="page">Only specialists can review quarantined media.</p>;
  return (
    <section className="page" aria-labelledby="quarantine-title">
      <h1 id="quarantine-title">Quarantined media</h1>
      <p className="muted">Images that matched a hash list. They are shown greyscale and blurred; every view, unblur, decision and report is recorded.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && <p>Nothing in quarantine.</p>}
      <ul className="quarantine-list">
        {items?.map((i) => (
          <QuarantineCard key={i.fileId} item={i} onChanged={load} />
        ))}
      </ul>
    </section>
  );
}
