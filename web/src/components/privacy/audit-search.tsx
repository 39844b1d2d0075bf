/**
 * Audit log search (`GET /api/v1/audit/events`): filters by person, action, target, outcome and
 * date range (dates are UTC days, "to" inclusive), newest first, paged by `before` = seq; a link
 * exports the filtered events as NDJSON (`GET /api/v1/audit/export`, itself audited).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import type { AuditEvent, AuditFilters } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { AUDIT_TIME_ZONE_NOTE, AuditTable, dayAfter } from './audit-format.tsx';

const PAGE = 50;
const ACTIONS = ['reveal', 'reveal.rate_limited', 'alert.reveal_rate_limit', 'block', 'tokenize', 'allow', 'mark.not_personal_data', 'mark.revoke', 'policy.change', 'erasure', 'keys.rotate', 'audit.export', 'user.create', 'user.update', 'user.role_change', 'user.lockout', 'auth.login', 'session.create', 'session.revoke', 'token.create', 'token.revoke'];

interface Form {
  actor: string;
  action: string;
  target: string;
  outcome: '' | AuditEvent['outcome'];
  from: string;
  to: string;
}

const BLANK: Form = { actor: '', action: '', target: '', outcome: '', from: '', to: '' };

function toFilters(f: Form): AuditFilters {
  return {
    actor: f.actor || undefined,
    action: f.action.trim() || undefined,
    target: f.target.trim() || undefined,
    outcome: f.outcome || undefined,
    from: f.from || undefined,
    to: f.to ? dayAfter(f.to) : undefined,
  };
}

/** `GET /api/v1/audit/export` with the applied filters (a plain same-origin GET with the session cookie). */
function exportHref(f: AuditFilters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (typeof v === 'string' && v !== '') q.set(k, v);
  const s = q.toString();
  return `/api/v1/audit/export${s ? `?${s}` : ''}`;
}

/** The audit search view. */
export function AuditSearch() {
  const { state } = useChat();
  const [form, setForm] = useState<Form>(BLANK);
  const [applied, setApplied] = useState<AuditFilters>({});
  /** `before` cursors of the pages visited (undefined = newest). */
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const [page, setPage] = useState<{ events: AuditEvent[]; hasMore: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const before = cursors[cursors.length - 1];

  const load = useCallback(() => {
    setError(null);
    officerApi
      .events({ ...applied, limit: PAGE, before })
      .then(setPage)
      .catch((err: unknown) => setError(errorText(err)));
  }, [applied, before]);
  useEffect(load, [load]);

  function search(e: FormEvent): void {
    e.preventDefault();
    setApplied(toFilters(form));
    setCursors([undefined]);
  }

  const people = [...state.users.values()].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <section aria-labelledby="audit-search-h">
      <h2 id="audit-search-h">Audit log</h2>
      <form className="form grid-form audit-filters" role="search" aria-label="Filter the audit log" onSubmit={search}>
        <label>
          Person
          <select value={form.actor} onChange={(e) => setForm({ ...form, actor: e.target.value })}>
            <option value="">Anyone</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.email})
              </option>
            ))}
          </select>
        </label>
        <label>
          Action
          <input list="audit-actions" value={form.action} placeholder="e.g. reveal" onChange={(e) => setForm({ ...form, action: e.target.value })} />
          <datalist id="audit-actions">
            {ACTIONS.map((a) => (
              <option key={a} value={a} />
            ))}
          </datalist>
        </label>
        <label>
          Target
          <input value={form.target} placeholder="e.g. token:tok_… or channel:…" onChange={(e) => setForm({ ...form, target: e.target.value })} />
        </label>
        <label>
          Outcome
          <select value={form.outcome} onChange={(e) => setForm({ ...form, outcome: e.target.value as Form['outcome'] })}>
            <option value="">Any</option>
            <option value="success">success</option>
            <option value="denied">denied</option>
            <option value="failed">failed</option>
          </select>
        </label>
        <label>
          From (UTC day)
          <input type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.target.value })} />
        </label>
        <label>
          To (UTC day, inclusive)
          <input type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.target.value })} />
        </label>
        <p className="muted small audit-zone">{AUDIT_TIME_ZONE_NOTE}</p>
        <div className="row">
          <button type="submit" className="primary">
            Search
          </button>
          <button
            type="button"
            onClick={() => {
              setForm(BLANK);
              setApplied({});
              setCursors([undefined]);
            }}
          >
            Clear
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && (
        <>
          <p className="muted small" role="status">
            {page.events.length === 0 ? 'No events match.' : `Events ${page.events[0]?.seq} to ${page.events.at(-1)?.seq}, newest first.`}
          </p>
          {page.events.length > 0 && <AuditTable events={page.events} state={state} caption="Audit events" />}
          <div className="row">
            <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              Newer
            </button>
            <button
              type="button"
              disabled={!page.hasMore}
              onClick={() => {
                const last = page.events.at(-1)?.seq;
                if (last !== undefined) setCursors((c) => [...c, last]);
              }}
            >
              Older
            </button>
            <button type="button" onClick={load}>
              Refresh
            </button>
            <a className="button-link" href={exportHref(applied)} download="audit-export.ndjson">
              Export these events (NDJSON; the export is audited)
            </a>
          </div>
        </>
      )}
    </section>
  );
}
