/**
 * Root component: decides between setup, sign-in and the workspace from `GET /api/v1/me`
 * and `GET /api/v1/setup`, and returns to sign-in whenever the session ends (any 401).
 */
import { useEffect, useState } from 'react';
import { ApiError, onUnauthorized } from './api/client.ts';
import { authApi } from './api/endpoints.ts';
import type { Me } from './api/types.ts';
import { navigate, usePath } from './router.ts';
import { PasswordChangePage } from './routes/password-change-page.tsx';
import { SetupPage } from './routes/setup-page.tsx';
import { SignInPage } from './routes/sign-in-page.tsx';
import { WorkspacePage } from './routes/workspace-page.tsx';

type Auth = { state: 'loading' } | { state: 'out'; setupNeeded: boolean } | { state: 'in'; me: Me } | { state: 'error'; message: string };

/** The application. */
export function App() {
  const path = usePath();
  const [auth, setAuth] = useState<Auth>({ state: 'loading' });

  useEffect(() => {
    let live = true;
    authApi
      .me()
      .then((me) => live && setAuth({ state: 'in', me }))
      .catch(async (err: unknown) => {
        if (!live) return;
        if (err instanceof ApiError && err.status === 401) {
          const setup = await authApi.setupNeeded().catch(() => ({ needed: false }));
          if (live) setAuth({ state: 'out', setupNeeded: setup.needed });
        } else {
          setAuth({ state: 'error', message: err instanceof Error ? err.message : 'The server could not be reached.' });
        }
      });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => onUnauthorized(() => setAuth({ state: 'out', setupNeeded: false })), []);

  useEffect(() => {
    if (auth.state === 'in' && (path === '/signin' || path === '/setup')) navigate('/', { replace: true });
    if (auth.state === 'out' && path !== '/signin' && path !== '/setup') navigate('/signin', { replace: true });
  }, [auth, path]);

  const signedIn = (me: Me) => {
    setAuth({ state: 'in', me });
    navigate('/', { replace: true });
  };

  if (path === '/setup' && auth.state !== 'in') return <SetupPage onDone={signedIn} />;
  switch (auth.state) {
    case 'loading':
      return <p className="loading">Loading Enclave…</p>;
    case 'error':
      return (
        <main className="auth-page">
          <div className="auth-card">
            <h1>Enclave is unreachable</h1>
            <p className="error" role="alert">
              {auth.message}
            </p>
            <button type="button" onClick={() => window.location.reload()}>
              Try again
            </button>
          </div>
        </main>
      );
    case 'out':
      return <SignInPage onSignedIn={signedIn} setupNeeded={auth.setupNeeded} />;
    case 'in':
      if (auth.me.mustChangePassword)
        return (
          <PasswordChangePage
            me={auth.me}
            onChanged={(me) => setAuth({ state: 'in', me })}
            onSignedOut={() => {
              setAuth({ state: 'out', setupNeeded: false });
              navigate('/signin', { replace: true });
            }}
          />
        );
      return (
        <WorkspacePage
          key={auth.me.id}
          me={auth.me}
          path={path}
          onSignedOut={() => {
            setAuth({ state: 'out', setupNeeded: false });
            navigate('/signin', { replace: true });
          }}
        />
      );
  }
}
