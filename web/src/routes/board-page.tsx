/**
 * The lead's assignment board (`/board`, leads and admins): the cases still to work (open, assigned,
 * waiting), unassigned first, each with its assignees by name and a button that opens the
 * assignment dialog (user picker by name, unassign).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../api/client.ts';
import { casesApi, type CaseSummary } from '../api/cases-endpoints.ts';
import { usersApi } from '../api/endpoints.ts';
import type { User } from '../api/types.ts';
import { AssignmentPanel } from '../components/cases/assignment-panel.tsx';
import { Dialog } from '../components/dialog.tsx';
import { linkClick } from '../router.ts';
import { useChat } from '../state/store-context.ts';

const WORKING = ['open', 'assigned', 'waiting'] as const;

/** Unassigned first, then overdue, then oldest first. */
export function boardOrder(a: CaseSummary, b: CaseSummary): number {
  const ua = a.assignees.length === 0 ? 0 : 1;
  const ub = b.assignees.length === 0 ? 0 : 1;
  if (ua !== ub) return ua - ub;
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0;
}

/** The assignment board. */
export function BoardPage() {
  const { state } = useChat();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([...WORKING.map((status) => casesApi.list({ status })), usersApi.list()])
      .then((rs) => {
        const lists = rs.slice(0, WORKING.length) as Array<{ cases: CaseSummary[] }>;
        setCases(lists.flatMap((r) => r.cases).sort(boardOrder));
        setUsers((rs[WORKING.length] as { users: User[] }).users);
        setError('');
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  const names = useMemo(() => new Map(users.map((u) => [u.id, u.name])), [users]);
  if (state.me.role !== 'lead' && state.me.role !== 'admin') return <p className="page">Only leads and admins can assign cases.</p>;
  const current = cases.find((c) => c.id === open) ?? null;
  return (
    <section className="page" aria-label="Assignment board">
      <h1>Assignment board</h1>
      <p className="muted">Cases still to work: unassigned first, then overdue.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <table className="case-table">
        <thead>
          <tr>
            <th>Case</th>
            <th>Category</th>
            <th>State</th>
            <th>Queue</th>
            <th>Assigned to</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} className={c.overdue ? 'overdue' : undefined}>
              <td>
                <a href={`/cases/${c.id}`} onClick={linkClick(`/cases/${c.id}`)}>
                  #{c.number}
                </a>
                {c.overdue && <strong className="badge mention"> overdue</strong>}
              </td>
              <td>{c.category}</td>
              <td>{c.status}</td>
              <td>{c.queue ?? 'none'}</td>
              <td>{c.assignees.length === 0 ? <em>no one</em> : c.assignees.map((id) => names.get(id) ?? 'Unknown person').join(', ')}</td>
              <td>
                <button type="button" onClick={() => setOpen(c.id)} aria-label={`Assign people to case ${c.number}`}>
                  Assign…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {cases.length === 0 && !error && <p className="muted">No cases to work.</p>}
      {current && (
        <Dialog title={`Assign case #${current.number}`} onClose={() => setOpen(null)}>
          <AssignmentPanel caseId={current.id} caseNumber={current.number} assignees={current.assignees} onChanged={load} focusSearch />
        </Dialog>
      )}
    </section>
  );
}
