/** Sign-in screen (`POST /api/v1/auth/login`). */
import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';
import { authApi } from '../api/endpoints.ts';
import type { Me } from '../api/types.ts';

/** Props of {@link SignInPage}. */
export interface SignInPageProps {
  onSignedIn: (me: Me) => void;
  /** True while no account exists yet: point to the console's setup link. */
  setupNeeded: boolean;
}

/** Sign-in form. */
export function SignInPage({ onSignedIn, setupNeeded }: SignInPageProps) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { user, mustChangePassword } = await authApi.login(email.trim(), password);
      setPassword('');
      onSignedIn(mustChangePassword ? { ...user, mustChangePassword: true } : user);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? 'That e-mail and password do not match an account.'
          : errorText(err),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="auth-page">
      <form className="auth-card form" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <h1 id="signin-title">Sign in to Enclave</h1>
        {setupNeeded && (
          <p className="notice" role="status">
            This workspace has no accounts yet. Open the one-time setup link printed in the server console.
          </p>
        )}
        <label>
          E-mail
          <input type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary wide" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
