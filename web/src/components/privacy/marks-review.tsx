/**
 * Review of "not personal data" marks (`GET /api/v1/privacy/marks`, `POST …/:id/approve|deny`,
 * `DELETE …/:id`): who asked for which entity type in which channel; pending requests are approved
 * or denied by an officer other than the requester; undo (confirmed; audited as `mark.revoke`)
 * re-protects every message the mark let through. The marked value itself is never listed (the
 * server keeps only a keyed hash of it).
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import type { NotPersonalDataMark } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { Dialog } from '../dialog.tsx';
import { actorName, targetText, when } from './audit-format.tsx';
import { useNames } from './use-names.ts';

/** The marks review view. */
export function MarksReview() {
  const { state } = useChat();
  const [withRevoked, setWithRevoked] = useState(false);
  const [marks, setMarks] = useState<NotPersonalDataMark[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [undo, setUndo] = useState<NotPersonalDataMark | null>(null);
  const [done, setDone] = useState('');
  useNames({ userIds: marks?.map((m) => m.createdBy) ?? [], channelIds: marks?.map((m) => m.channelId) ?? [] });

  const load = useCallback(() => {
    officerApi
      .marks(withRevoked)
      .then((r) => setMarks(r.marks))
      .catch((err: unknown) => setError(errorText(err)));
  }, [withRevoked]);
  useEffect(load, [load]);

  async function decide(m: NotPersonalDataMark, decision: 'approve' | 'deny'): Promise<void> {
    setError(null);
    try {
      await officerApi.decideMark(m.id, decision);
      setDone(`Mark ${decision === 'approve' ? 'approved' : 'denied'}: ${m.entityType} in ${targetText(state, `channel:${m.channelId}`)}.`);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function revoke(m: NotPersonalDataMark): Promise<void> {
    setError(null);
    try {
      await officerApi.revokeMark(m.id);
      setDone(`Mark undone: ${m.entityType} in ${targetText(state, `channel:${m.channelId}`)} is protected again, in past messages too.`);
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
        A mark lets one exact value be sent as typed in one channel, once a privacy officer other than the requester approves it.
        Undo a mark to protect that value again, in the messages it let through too.
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
              <th scope="col">When (UTC)</th>
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
                <td>{statusText(m)}</td>
                <td className="actions">
                  {m.status === 'pending' && (
                    <>
                      <button type="button" onClick={() => void decide(m, 'approve')}>
                        Approve
                      </button>
                      <button type="button" onClick={() => void decide(m, 'deny')}>
                        Deny
                      </button>
                    </>
                  )}
                  {(m.status === 'active' || m.status === 'pending') && (
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
              protected again: in messages sent from now on, and in the messages it let through (they turn into chips). This is
              recorded in the audit log.
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

function statusText(m: NotPersonalDataMark): string {
  if (m.status === 'pending') return 'waiting for approval';
  if (m.status === 'denied') return 'denied';
  if (m.revokedAt) return 'undone';
  return 'active';
}
