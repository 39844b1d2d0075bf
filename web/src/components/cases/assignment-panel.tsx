/**
 * The lead's assignment controls for one case: the current assignees by name (each with an
 * Unassign button) and a user picker that searches the staff directory by name or e-mail
 * (`GET /api/v1/users?q=`) instead of typing a user id. Focus stays on the search box after an
 * assignment and moves to the search box when the unassigned person's row disappears.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { errorText } from '../../api/client.ts';
import { casesApi } from '../../api/cases-endpoints.ts';
import { usersApi } from '../../api/endpoints.ts';
import type { User } from '../../api/types.ts';

const ROLE_NAMES: Record<string, string> = {
  admin: 'admin',
  lead: 'lead',
  agent: 'agent',
  specialist: 'specialist',
  privacy_officer: 'privacy officer',
};

/** A readable role name. */
export function roleName(role: string): string {
  return ROLE_NAMES[role] ?? role;
}

/** Users matching `q` (name or e-mail, server-side), refreshed 200 ms after the last keystroke. */
export function useUserSearch(q: string): { users: User[]; error: string } {
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    const ctl = new AbortController();
    const t = setTimeout(() => {
      usersApi
        .list(q.trim() || undefined)
        .then((r) => (setUsers(r.users), setError('')))
        .catch((e: unknown) => !ctl.signal.aborted && setError(errorText(e)));
    }, 200);
    return () => {
      ctl.abort();
      clearTimeout(t);
    };
  }, [q]);
  return { users, error };
}

/** Props of {@link AssignmentPanel}. */
export interface AssignmentPanelProps {
  caseId: string;
  caseNumber: number;
  assignees: readonly string[];
  /** Called after a successful change (reload the case). */
  onChanged: () => void;
  /** Marks the search box `data-autofocus` (focused first when shown in a dialog). */
  focusSearch?: boolean;
}

/** Assign and unassign people on one case. */
export function AssignmentPanel({ caseId, caseNumber, assignees, onChanged, focusSearch = false }: AssignmentPanelProps) {
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [directory, setDirectory] = useState<User[]>([]);
  const search = useUserSearch(q);
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    usersApi
      .list()
      .then((r) => setDirectory(r.users))
      .catch(() => setDirectory([]));
  }, [assignees]);
  const nameOf = (id: string) => directory.find((u) => u.id === id)?.name ?? search.users.find((u) => u.id === id)?.name ?? 'Unknown person';
  const assigned = new Set(assignees);
  const matches = search.users.filter((u) => u.active && !assigned.has(u.id)).slice(0, 10);

  function run(p: Promise<unknown>, done: string): void {
    setError('');
    p.then(() => {
      setStatus(done);
      onChanged();
      inputRef.current?.focus();
    }).catch((e: unknown) => setError(errorText(e)));
  }

  return (
    <section className="assignment-panel" aria-label={`Assignees of case ${caseNumber}`}>
      <h3>Assigned</h3>
      {assignees.length === 0 ? (
        <p className="muted">No one is assigned yet.</p>
      ) : (
        <ul className="plain-list">
          {assignees.map((id) => (
            <li key={id} className="person-row">
              <span>{nameOf(id)}</span>{' '}
              <button type="button" onClick={() => run(casesApi.unassign(caseId, id), `${nameOf(id)} was unassigned from case #${caseNumber}.`)} aria-label={`Unassign ${nameOf(id)}`}>
                Unassign
              </button>
            </li>
          ))}
        </ul>
      )}
      <label htmlFor={inputId}>Find a person to assign</label>{' '}
      <input id={inputId} ref={inputRef} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" autoComplete="off" data-autofocus={focusSearch ? true : undefined} />
      {search.error && (
        <p className="error" role="alert">
          {search.error}
        </p>
      )}
      {matches.length === 0 ? (
        <p className="muted small">No one matches.</p>
      ) : (
        <ul className="plain-list" aria-label="Matching people">
          {matches.map((u) => (
            <li key={u.id} className="person-row">
              <span>
                <strong>{u.name}</strong> <span className="muted small">{roleName(u.role)} · {u.email}</span>
              </span>{' '}
              <button type="button" onClick={() => run(casesApi.assign(caseId, u.id), `${u.name} was assigned to case #${caseNumber}.`)} aria-label={`Assign ${u.name}`}>
                Assign
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small" role="status">
        {status}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
