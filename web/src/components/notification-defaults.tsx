/** The person's notification defaults, on the account page (issue 12). */
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { notificationsApi, type NotificationDefaults as Defaults, type NotificationLevel } from '../api/notifications.ts';

const LEVELS: Array<{ value: NotificationLevel; label: string }> = [
  { value: 'all', label: 'Every message' },
  { value: 'mentions', label: 'Mentions and direct messages' },
  { value: 'nothing', label: 'Nothing' },
];

/** The account page section. */
export function NotificationDefaults() {
  const [d, setD] = useState<Defaults | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    notificationsApi.defaults().then(setD, (e: unknown) => setError(errorText(e)));
  }, []);
  const save = (patch: Partial<Defaults>) => notificationsApi.setDefaults(patch).then(setD, (e: unknown) => setError(errorText(e)));
  return (
    <section aria-labelledby="notif-defaults-title">
      <h2 id="notif-defaults-title">Notifications</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {d && (
        <form onSubmit={(e) => e.preventDefault()}>
          <label>
            By default, notify me about{' '}
            <select value={d.level} onChange={(e) => void save({ level: e.target.value as NotificationLevel })}>
              {LEVELS.map((l) => (
                <option key={l.value} value={l.value}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          <label className="row">
            <input type="checkbox" checked={d.email} onChange={(e) => void save({ email: e.target.checked })} />
            E-mail me about mentions and direct messages while I am away (the e-mail says who and where, never what)
          </label>
        </form>
      )}
    </section>
  );
}
