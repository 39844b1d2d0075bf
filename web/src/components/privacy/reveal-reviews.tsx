/**
 * Review queue of flagged reveals (privacy officers): reveals by privacy officers and reveals of
 * values shared before the revealer joined. A different officer signs each off with a note; one's
 * own reveals wait for someone else. Values are never shown here.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import { accessApi, type RevealReview } from '../../api/access-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { actorName, targetText, when } from './audit-format.tsx';
import { useNames } from './use-names.ts';

const REASONS: Record<string, string> = { privacy_officer: 'privacy-officer reveal', shared_before_joined: 'shared before they joined' };

/** The review-queue view. */
export function RevealReviews() {
  const { state } = useChat();
  const [done, setDone] = useState(false);
  const [list, setList] = useState<RevealReview[] | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  useNames({
    userIds: list?.flatMap((r) => (r.reviewedBy ? [r.revealerId, r.reviewedBy] : [r.revealerId])) ?? [],
    channelIds: list?.flatMap((r) => (r.channelId ? [r.channelId] : [])) ?? [],
  });

  const load = useCallback(() => {
    accessApi
      .revealReviews(done ? 'done' : 'pending')
      .then((r) => setList(r.reviews))
      .catch((err: unknown) => setError(errorText(err)));
  }, [done]);
  useEffect(load, [load]);

  async function signOff(r: RevealReview): Promise<void> {
    setError(null);
    try {
      await accessApi.signOff(r.id, (notes[r.id] ?? '').trim());
      setStatus(`Signed off the reveal by ${actorName(state, r.revealerId)}.`);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section aria-labelledby="reviews-h">
      <h2 id="reviews-h">Reveals to review</h2>
      <label className="inline">
        <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} /> Show signed-off reveals
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="small">
        {status}
      </p>
      {list && list.length === 0 && <p className="muted">Nothing to review.</p>}
      {list && list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Who</th>
              <th scope="col">Why flagged</th>
              <th scope="col">What</th>
              <th scope="col">Justification</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td className="nowrap">{when(r.revealedAt)}</td>
                <td>{actorName(state, r.revealerId)}</td>
                <td>{REASONS[r.reason] ?? r.reason}</td>
                <td>
                  <code>{r.entityType ?? '?'}</code>
                  {r.channelId && <> in {targetText(state, `channel:${r.channelId}`)}</>}
                </td>
                <td>{r.justification}</td>
                <td>
                  {r.reviewedAt ? (
                    <span>
                      {actorName(state, r.reviewedBy ?? '')} {when(r.reviewedAt)}: {r.note}
                    </span>
                  ) : r.revealerId === state.me.id ? (
                    <span className="muted">Your reveal: another privacy officer reviews it.</span>
                  ) : (
                    <form
                      className="row"
                      onSubmit={(e) => {
                        e.preventDefault();
                        void signOff(r);
                      }}
                    >
                      <input
                        aria-label={`Review note for the reveal by ${actorName(state, r.revealerId)}`}
                        value={notes[r.id] ?? ''}
                        onChange={(e) => setNotes({ ...notes, [r.id]: e.target.value })}
                        required
                        maxLength={1000}
                      />
                      <button type="submit">Sign off</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
