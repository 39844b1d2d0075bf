/**
 * Pending role requests (privacy officer): approve or reject. Shown to admins and privacy
 * officers; the server decides who may approve (another privacy officer, or a second admin while
 * none exists; never the requester or the person concerned) and says why when it refuses.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { errorText } from '../api/client.ts';
import { accessApi, type RoleRequest } from '../api/access-endpoints.ts';
import { useChat } from '../state/store-context.ts';

/** The role-approval list. `onDecided` runs after an approval or rejection. */
export function RoleRequests({ onDecided }: { onDecided?: () => void }) {
  const { store, state } = useChat();
  const [list, setList] = useState<RoleRequest[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const reloaded = useRef(false);
  const name = (id: string): string => (id === 'cli' ? 'the command line' : (state.users.get(id)?.name ?? id));

  const load = useCallback(() => {
    accessApi
      .roleRequests()
      .then((r) => {
        setList(r.roleRequests);
        // Someone added since the workspace loaded: fetch the people list once so names show.
        if (!reloaded.current && r.roleRequests.some((x) => !state.users.has(x.userId))) {
          reloaded.current = true;
          void store.reloadUsers().catch(() => undefined);
        }
      })
      .catch((err: unknown) => setError(errorText(err)));
  }, [store, state.users]);
  useEffect(load, [load]);

  async function decide(r: RoleRequest, decision: 'approve' | 'reject'): Promise<void> {
    setError(null);
    try {
      await accessApi.decideRoleRequest(r.id, decision);
      setStatus(`${name(r.userId)}: ${r.role} ${decision === 'approve' ? 'approved' : 'rejected'}`);
      load();
      onDecided?.();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <section aria-labelledby="role-requests-h" className="role-requests">
      <h2 id="role-requests-h">Role requests</h2>
      <p className="muted small">The privacy-officer role takes effect only when a second person approves: another privacy officer, or a second admin while there is none.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="small">
        {status}
      </p>
      {list && list.length === 0 && <p className="muted">No pending role requests.</p>}
      {list && list.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Role</th>
              <th scope="col">Asked by</th>
              <th scope="col">When</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td>{name(r.userId)}</td>
                <td>
                  <code>{r.role}</code>
                </td>
                <td>{name(r.requestedBy)}</td>
                <td className="nowrap">{new Date(r.requestedAt).toLocaleString()}</td>
                <td className="actions">
                  <button type="button" className="primary" onClick={() => void decide(r, 'approve')}>
                    Approve
                  </button>
                  <button type="button" onClick={() => void decide(r, 'reject')}>
                    Reject
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
