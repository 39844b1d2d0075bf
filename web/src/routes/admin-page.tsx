/**
 * Admin screen for staff accounts: list, add (with role; temporary password shown once),
 * change role, deactivate/reactivate, reset password (temporary password shown once).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { usersApi } from '../api/endpoints.ts';
import type { Role, User } from '../api/types.ts';
import { OneTimeSecret } from '../components/one-time-secret.tsx';
import { RoleRequests } from '../components/role-requests.tsx';
import { useChat } from '../state/store-context.ts';

/** Admin: people. */
export function AdminPage() {
  const { store, state } = useChat();
  const [users, setUsers] = useState<User[] | null>(null);
  const [roles, setRoles] = useState<Role[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [form, setForm] = useState({ name: '', email: '', role: 'agent', password: '' });
  const [notice, setNotice] = useState('');
  const [requestsKey, setRequestsKey] = useState(0);

  const load = useCallback(() => {
    usersApi
      .list()
      .then(({ users: list }) => setUsers(list))
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(() => {
    load();
    usersApi
      .roles()
      .then(({ roles: list }) => setRoles(list))
      .catch(() =>
        setRoles([
          { name: 'admin', description: '' },
          { name: 'agent', description: '' },
          { name: 'privacy_officer', description: '' },
        ]),
      );
  }, [load]);

  async function act(fn: () => Promise<void>): Promise<void> {
    setError(null);
    try {
      await fn();
      load();
      void store.reloadUsers().catch(() => undefined);
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function add(e: FormEvent): Promise<void> {
    e.preventDefault();
    await act(async () => {
      const body = { name: form.name.trim(), email: form.email.trim(), role: form.role, ...(form.password ? { password: form.password } : {}) };
      const res = await usersApi.create(body);
      pendingNotice(res.user.name, res.roleRequest);
      if (res.temporaryPassword) setSecret({ label: `Temporary password for ${res.user.name}`, value: res.temporaryPassword });
      setForm({ name: '', email: '', role: form.role, password: '' });
    });
  }

  function pendingNotice(name: string, request: { role: string } | undefined): void {
    if (!request) return;
    setNotice(`${name} gets the ${request.role} role once a second person approves (another privacy officer, or a second admin while there is none).`);
    setRequestsKey((k) => k + 1);
  }

  if (state.me.role !== 'admin') return <p className="page">Only administrators can manage accounts.</p>;

  return (
    <div className="page">
      <h1>People</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="small" data-testid="role-notice">
        {notice}
      </p>
      {secret && <OneTimeSecret label={secret.label} value={secret.value} onDismiss={() => setSecret(null)} />}
      <section aria-labelledby="add-person">
        <h2 id="add-person">Add a staff member</h2>
        <form className="form grid-form" onSubmit={(e) => void add(e)}>
          <label>
            Name
            <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} required />
          </label>
          <label>
            E-mail
            <input type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
          </label>
          <label>
            Role
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
              {roles.map((r) => (
                <option key={r.name} value={r.name} title={r.description || undefined}>
                  {r.name}
                </option>
              ))}
            </select>
            {roles.find((r) => r.name === form.role)?.description && (
              <span className="muted small">{roles.find((r) => r.name === form.role)?.description}</span>
            )}
          </label>
          <label>
            Password (optional)
            <input type="password" placeholder="Empty: temporary password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} minLength={10} autoComplete="new-password" />
          </label>
          <div className="row">
            <button type="submit" className="primary">
              Add person
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="people-list">
        <h2 id="people-list">Accounts</h2>
        {users === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className={u.active ? '' : 'inactive'}>
                  <td>{u.name}</td>
                  <td>{u.email}</td>
                  <td>
                    <select
                      aria-label={`Role of ${u.name}`}
                      value={u.role}
                      disabled={u.id === state.me.id}
                      onChange={(e) => void act(async () => pendingNotice(u.name, (await usersApi.update(u.id, { role: e.target.value })).roleRequest))}
                    >
                      {roles.map((r) => (
                        <option key={r.name} value={r.name}>
                          {r.name}
                        </option>
                      ))}
                      {!roles.some((r) => r.name === u.role) && <option value={u.role}>{u.role}</option>}
                    </select>
                  </td>
                  <td>{u.active ? 'Active' : 'Deactivated'}</td>
                  <td className="actions">
                    {u.id !== state.me.id && (
                      <>
                        <button type="button" onClick={() => void act(async () => void (await usersApi.update(u.id, { active: !u.active })))}>
                          {u.active ? 'Deactivate' : 'Reactivate'}
                        </button>
                        <button
                          type="button"
                          onClick={() =>
                            void act(async () => {
                              const { temporaryPassword } = await usersApi.resetPassword(u.id);
                              setSecret({ label: `Temporary password for ${u.name}`, value: temporaryPassword });
                            })
                          }
                        >
                          Reset password
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <RoleRequests key={requestsKey} onDecided={load} />
    </div>
  );
}
