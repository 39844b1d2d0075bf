/**
 * The caller's account: change password, sessions (end one, or sign out everywhere),
 * API tokens (create: shown once; revoke).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { authApi, tokensApi } from '../api/endpoints.ts';
import type { ApiToken, Session } from '../api/types.ts';
import { describeUserAgent } from '../lib/user-agent.ts';
import { OneTimeSecret } from '../components/one-time-secret.tsx';
import { NotificationDefaults } from '../components/notification-defaults.tsx';

/** Props of {@link AccountPage}. */
export interface AccountPageProps {
  onSignedOut: () => void;
}

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** Account screen. */
export function AccountPage({ onSignedOut }: AccountPageProps) {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ label: string; value: string } | null>(null);
  const [tokenName, setTokenName] = useState('');
  const [tokenDays, setTokenDays] = useState(90);
  const [pw, setPw] = useState({ current: '', next: '' });
  const [endTokens, setEndTokens] = useState(false);

  const load = useCallback(() => {
    authApi
      .sessions()
      .then(({ sessions: s }) => setSessions(s))
      .catch((err: unknown) => setError(errorText(err)));
    tokensApi
      .list()
      .then(({ tokens: t }) => setTokens(t))
      .catch((err: unknown) => setError(errorText(err)));
  }, []);
  useEffect(load, [load]);

  async function act(fn: () => Promise<void>): Promise<void> {
    setError(null);
    setNotice(null);
    try {
      await fn();
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function changePassword(e: FormEvent): Promise<void> {
    e.preventDefault();
    await act(async () => {
      await authApi.changePassword(pw.current, pw.next);
      setPw({ current: '', next: '' });
      setNotice('Password changed. Your other sessions and all API tokens have ended.');
    });
  }

  async function createToken(e: FormEvent): Promise<void> {
    e.preventDefault();
    await act(async () => {
      const t = await tokensApi.create(tokenName.trim(), tokenDays);
      setSecret({ label: `API token “${t.name}”`, value: t.token });
      setTokenName('');
    });
  }

  return (
    <div className="page">
      <h1>Account</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        {sessions === null ? (
          <p className="muted">Loading…</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td title={s.userAgent ?? undefined}>
                    {describeUserAgent(s.userAgent)}
                    {s.current && <span className="tag">this browser</span>}
                  </td>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.lastSeenAt)}</td>
                  <td className="actions">
                    {!s.current && (
                      <button type="button" onClick={() => void act(() => authApi.endSession(s.id))}>
                        Sign out
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted small" id="logout-all-help">
          Sign out everywhere ends every browser session of this account, this one included.
          {endTokens
            ? ' It also revokes every API token: scripts and bots using them stop working until you create new ones.'
            : ' API tokens keep working unless you tick the box.'}
        </p>
        <label className="row">
          <input type="checkbox" checked={endTokens} onChange={(e) => setEndTokens(e.target.checked)} aria-describedby="logout-all-help" />
          Also revoke all API tokens
        </label>
        <button
          type="button"
          className="danger"
          aria-describedby="logout-all-help"
          onClick={() =>
            void act(async () => {
              await authApi.logoutAll(endTokens);
              onSignedOut();
            })
          }
        >
          {endTokens ? 'Sign out everywhere and revoke API tokens' : 'Sign out everywhere'}
        </button>
      </section>

      <section aria-labelledby="tokens-title">
        <h2 id="tokens-title">API tokens</h2>
        <p className="muted small">For scripts and bots: send as <code>Authorization: Bearer …</code>.</p>
        {secret && <OneTimeSecret label={secret.label} value={secret.value} onDismiss={() => setSecret(null)} />}
        <form className="form grid-form" onSubmit={(e) => void createToken(e)}>
          <label>
            Token name
            <input value={tokenName} onChange={(e) => setTokenName(e.target.value)} required maxLength={100} />
          </label>
          <label>
            Expires in (days)
            <input type="number" min={1} max={365} value={tokenDays} onChange={(e) => setTokenDays(Number(e.target.value))} />
          </label>
          <div className="row">
            <button type="submit" className="primary" disabled={!tokenName.trim()}>
              Create token
            </button>
          </div>
        </form>
        {tokens && tokens.length > 0 && (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>{when(t.createdAt)}</td>
                  <td>{when(t.expiresAt)}</td>
                  <td>{when(t.lastUsedAt)}</td>
                  <td className="actions">
                    <button type="button" aria-label={`Revoke ${t.name}`} onClick={() => void act(() => tokensApi.revoke(t.id))}>
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <NotificationDefaults />

      <section aria-labelledby="password-title">
        <h2 id="password-title">Change password</h2>
        <p className="muted small">Changing your password signs out your other sessions and revokes all your API tokens.</p>
        <form className="form grid-form" onSubmit={(e) => void changePassword(e)}>
          <label>
            Current password
            <input type="password" autoComplete="current-password" value={pw.current} onChange={(e) => setPw({ ...pw, current: e.target.value })} required />
          </label>
          <label>
            New password
            <input type="password" placeholder="At least 10 characters" autoComplete="new-password" minLength={10} value={pw.next} onChange={(e) => setPw({ ...pw, next: e.target.value })} required />
          </label>
          <div className="row">
            <button type="submit" className="primary">
              Change password
            </button>
          </div>
        </form>
      </section>
    </div>
  );
}
