/** Per-person reveal figures (`GET /api/v1/audit/reveal-counts`) over an optional UTC date range. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import type { RevealCount } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { actorName, dayAfter } from './audit-format.tsx';

/** The reveal-counts view. */
export function RevealCounts() {
  const { state } = useChat();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [counts, setCounts] = useState<RevealCount[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(null);
    officerApi
      .revealCounts(range)
      .then((r) => setCounts(r.counts))
      .catch((err: unknown) => setError(errorText(err)));
  }, [range]);
  useEffect(load, [load]);

  function apply(e: FormEvent): void {
    e.preventDefault();
    setRange({ from: from || undefined, to: to ? dayAfter(to) : undefined });
  }

  return (
    <section aria-labelledby="counts-h">
      <h2 id="counts-h">Reveals per person</h2>
      <form className="form grid-form" onSubmit={apply}>
        <label>
          From (UTC day)
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (UTC day, inclusive)
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            Show
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {counts && counts.length === 0 && <p className="muted">No reveals in this period.</p>}
      {counts && counts.length > 0 && (
        <table className="table">
          <caption className="sr-only">Reveals per person</caption>
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Granted</th>
              <th scope="col">Denied</th>
              <th scope="col">Failed</th>
              <th scope="col">Over the rate limit</th>
            </tr>
          </thead>
          <tbody>
            {counts.map((c) => (
              <tr key={c.actor}>
                <td>{actorName(state, c.actor)}</td>
                <td>{c.granted}</td>
                <td>{c.denied}</td>
                <td>{c.failed}</td>
                <td className={c.rateLimited > 0 ? 'error' : undefined}>{c.rateLimited}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
