/**
 * First-run setup (`/setup#token=…`): the token is read from the URL fragment (it never reaches
 * server logs) and the first admin chooses name, e-mail and password (`POST /api/v1/setup`).
 * The fragment is removed from the address bar once read.
 */
import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';
import { authApi } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';

/** Reads `token` from a fragment like `#token=abc`; `null` when absent. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const t = params.get('token');
  return t && t.length > 0 ? t : null;
}

/** Props of {@link SetupPage}. */
export interface SetupPageProps {
  onDone: (me: Me) => void;
}

/** Setup form. */
export function SetupPage({ onDone }: SetupPageProps) {
  const [token] = useState(() => {
    const t = tokenFromHash(window.location.hash);
    if (t) window.history.replaceState(null, '', window.location.pathname);
    return t;
  });
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const mismatch = confirm.length > 0 && confirm !== password;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (!token || mismatch) return;
    setBusy(true);
    setError(null);
    try {
      const { user } = await authApi.setup({ token, email: email.trim(), name: name.trim(), password });
      onDone(user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'setup_closed'
          ? 'Setup is already done. Sign in instead.'
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="auth-card form" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up Enclave</h1>
        {!token ? (
          <p className="error" role="alert">
            This page needs the one-time setup link printed in the server console (it ends with <code>#token=…</code>).
          </p>
        ) : (
          <p className="muted">You are creating the first administrator account.</p>
        )}
        <label>
          Your name
          <input value={name} onChange={(e) => setName(e.target.value)} required autoComplete="name" autoFocus />
        </label>
        <label>
          E-mail
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="username" />
        </label>
        <label>
          Password <span className="muted small">(at least 10 characters)</span>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} autoComplete="new-password" />
        </label>
        <label>
          Repeat password
          <input
            type="password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            required
            autoComplete="new-password"
            aria-invalid={mismatch || undefined}
          />
        </label>
        {mismatch && <p className="error small">The passwords differ.</p>}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy || !token || mismatch}>
          {busy ? 'Creating…' : 'Create administrator'}
        </button>
      </form>
    </main>
  );
}
