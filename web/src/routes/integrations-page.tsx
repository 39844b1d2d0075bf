/**
 * Admin integrations page (`/integrations`, admins only): the platforms allowed to post signed
 * complaints to the intake. Create (the secret is shown once, with a copy button), rotate (the old
 * secret stays valid for the overlap window) and enable/disable.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { integrationsApi, type Integration } from '../api/subjects-endpoints.ts';
import { OneTimeSecret } from '../components/one-time-secret.tsx';
import { useChat } from '../state/store-context.ts';

interface Secret {
  label: string;
  value: string;
}

/** The integrations page. */
export function IntegrationsPage() {
  const { state } = useChat();
  const [list, setList] = useState<Integration[]>([]);
  const [name, setName] = useState('');
  const [overlap, setOverlap] = useState('60');
  const [secret, setSecret] = useState<Secret | null>(null);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const nameId = useId();
  const overlapId = useId();
  const nameRef = useRef<HTMLInputElement>(null);
  const load = useCallback(() => {
    integrationsApi
      .list()
      .then((r) => setList(r.integrations))
      .catch((e: unknown) => setError(errorText(e)));
  }, []);
  useEffect(load, [load]);
  if (state.me.role !== 'admin') return <p className="page">Only admins can manage integrations.</p>;

  function run<T>(p: Promise<T>, then: (r: T) => void): void {
    setError('');
    p.then((r) => {
      then(r);
      load();
    }).catch((e: unknown) => setError(errorText(e)));
  }

  function create(e: FormEvent): void {
    e.preventDefault();
    const n = name.trim();
    run(integrationsApi.create(n), (r) => {
      setSecret({ label: `Secret of “${n}” (integration id ${r.id})`, value: r.secret });
      setName('');
      setStatus(`Integration “${n}” was created.`);
    });
  }

  const minutes = Number.parseInt(overlap, 10);
  return (
    <section className="page" aria-label="Integrations">
      <h1>Integrations</h1>
      <p className="muted">Platforms that send complaints to Enclave. Each signs its reports with its secret; the secret is shown only once.</p>
      {secret && (
        <OneTimeSecret
          label={secret.label}
          value={secret.value}
          onDismiss={() => {
            setSecret(null);
            nameRef.current?.focus();
          }}
        />
      )}
      <form className="row" onSubmit={create}>
        <label htmlFor={nameId}>Name of the platform</label>{' '}
        <input id={nameId} ref={nameRef} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />{' '}
        <button type="submit">Create integration</button>
      </form>
      <p className="row">
        <label htmlFor={overlapId}>When rotating, keep the old secret valid for (minutes)</label>{' '}
        <input id={overlapId} type="number" min={0} max={10080} value={overlap} onChange={(e) => setOverlap(e.target.value)} />
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small" role="status">
        {status}
      </p>
      <table className="case-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Id</th>
            <th>State</th>
            <th>Created</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.map((i) => (
            <tr key={i.id}>
              <td>{i.name}</td>
              <td>
                <code>{i.id}</code>
              </td>
              <td>{i.enabled ? 'enabled' : 'disabled (reports refused)'}</td>
              <td>{new Date(i.createdAt).toLocaleString()}</td>
              <td>
                <button
                  type="button"
                  aria-label={`Rotate the secret of ${i.name}`}
                  onClick={() =>
                    run(integrationsApi.rotate(i.id, Number.isFinite(minutes) ? minutes : undefined), (r) => {
                      setSecret({ label: `New secret of “${i.name}”`, value: r.secret });
                      setStatus(
                        r.previousValidUntil
                          ? `The secret of “${i.name}” was rotated; the old one stays valid until ${new Date(r.previousValidUntil).toLocaleString()}.`
                          : `The secret of “${i.name}” was rotated.`,
                      );
                    })
                  }
                >
                  Rotate secret
                </button>{' '}
                <button
                  type="button"
                  aria-label={`${i.enabled ? 'Disable' : 'Enable'} ${i.name}`}
                  onClick={() => run(integrationsApi.setEnabled(i.id, !i.enabled), () => setStatus(`“${i.name}” is now ${i.enabled ? 'disabled' : 'enabled'}.`))}
                >
                  {i.enabled ? 'Disable' : 'Enable'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.length === 0 && !error && <p className="muted">No integrations yet.</p>}
    </section>
  );
}
