/**
 * Forced password change: shown instead of the workspace while the account's password is a
 * temporary one an admin issued (`me.mustChangePassword`); the server refuses every other call
 * with `403 password_change_required` until then (`POST /api/v1/auth/password`).
 */
import { useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { authApi } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';

/** Props of {@link PasswordChangePage}. */
export interface PasswordChangePageProps {
  me: Me;
  /** Called once the new password is set. */
  onChanged: (me: Me) => void;
  onSignedOut: () => void;
}

/** The "set your own password" form. */
export function PasswordChangePage({ me, onChanged, onSignedOut }: PasswordChangePageProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setError(null);
    if (next !== again) {
      setError('The two new passwords differ.');
      return;
    }
    setBusy(true);
    try {
      await authApi.changePassword(current, next);
      onChanged({ ...me, mustChangePassword: false });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function signOut(): Promise<void> {
    await authApi.logout().catch(() => undefined);
    onSignedOut();
  }

  return (
    <main className="auth-page">
      <form className="auth-card form" onSubmit={(e) => void submit(e)} aria-labelledby="pwchange-title">
        <h1 id="pwchange-title">Choose your own password</h1>
        <p className="muted">
          An administrator set a temporary password for {me.email}. Choose your own before you continue: at least 10 characters, not a common
          password, and not built from your name or e-mail.
        </p>
        <label>
          Temporary password
          <input type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoFocus />
        </label>
        <label>
          New password
          <input type="password" autoComplete="new-password" minLength={10} value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>
          New password again
          <input type="password" autoComplete="new-password" minLength={10} value={again} onChange={(e) => setAgain(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'Saving…' : 'Set password'}
        </button>
        <button type="button" className="wide" onClick={() => void signOut()}>
          Sign out
        </button>
      </form>
    </main>
  );
}
