/**
 * Review of "not personal data" marks (`GET /api/v1/privacy/marks`, `DELETE …/:id`): who marked
 * which entity type in which channel, with undo (confirmed; audited as `mark.revoke`). The marked
 * value itself is never listed (the server keeps only a keyed hash of it).
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import type { NotPersonalDataMark } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { Dialog } from '../dialog.tsx';
import { actorName, targetText, when } from './audit-format.tsx';

/** The marks review view. */
export function MarksReview() {
  const { state } = useChat();
  const [withRevoked, setWithRevoked] = useState(false);
  const [marks, setMarks] = useState<NotPersonalDataMark[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undo, setUndo] = useState<NotPersonalDataMark | null>(null);
  const [done, setDone] = useState('');

  const load = useCallback(() => {
    officerApi
      .marks(withRevoked)
      .then((r) => setMarks(r.marks))
      .catch((err: unknown) => setError(errorText(err)));
  }, [withRevoked]);
  useEffect(load, [load]);

  async function revoke(m: NotPersonalDataMark): Promise<void> {
    setError(null);
    try {
      await officerApi.revokeMark(m.id);
      setDone(`Mark undone: ${m.entityType} in ${targetText(state, `channel:${m.channelId}`)} is protected again.`);
      load();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setUndo(null);
    }
  }

  return (
    <section aria-labelledby="marks-h">
      <h2 id="marks-h">"Not personal data" marks</h2>
      <p className="muted small">
        A mark lets one exact value be sent as typed in one channel. Undo a mark to protect that value again.
      </p>
      <label className="inline">
        <input type="checkbox" checked={withRevoked} onChange={(e) => setWithRevoked(e.target.checked)} /> Show undone marks too
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="small">
        {done}
      </p>
      {marks && marks.length === 0 && <p className="muted">No marks to review.</p>}
      {marks && marks.length > 0 && (
        <table className="table">
          <caption className="sr-only">Marks</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Channel</th>
              <th scope="col">Entity type</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {marks.map((m) => (
              <tr key={m.id} className={m.revokedAt ? 'inactive' : undefined}>
                <td className="nowrap">{when(m.createdAt)}</td>
                <td>{actorName(state, m.createdBy)}</td>
                <td>{targetText(state, `channel:${m.channelId}`)}</td>
                <td>
                  <code>{m.entityType}</code>
                </td>
                <td>{m.revokedAt ? `undone by ${actorName(state, m.revokedBy ?? '')} ${when(m.revokedAt)}` : 'active'}</td>
                <td className="actions">
                  {!m.revokedAt && (
                    <button type="button" onClick={() => setUndo(m)}>
                      Undo
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {undo && (
        <Dialog title="Undo this mark?" onClose={() => setUndo(null)}>
          <div className="form">
            <p>
              The {undo.entityType} marked by {actorName(state, undo.createdBy)} in {targetText(state, `channel:${undo.channelId}`)} will be
              protected again in messages sent from now on. This is recorded in the audit log.
            </p>
            <div className="row end">
              <button type="button" autoFocus data-autofocus onClick={() => setUndo(null)}>
                Cancel
              </button>
              <button type="button" className="primary" onClick={() => void revoke(undo)}>
                Undo mark
              </button>
            </div>
          </div>
        </Dialog>
      )}
    </section>
  );
}
