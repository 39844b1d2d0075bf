/**
 * Privacy officer's data-subject screen (`/subjects`): search by blind index (account id, username,
 * e-mail or phone; the value goes in the request body, never in a URL), then per subject: the
 * masked fields with per-field reveal (own justification, flagged for review), the access report
 * (GDPR art. 15) as a table with a CSV download, legal hold, and erasure behind a confirm dialog.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import type { SubjectCard } from '../api/cases-endpoints.ts';
import { usersApi } from '../api/endpoints.ts';
import { subjectsApi, type AccessEvent, type SubjectSearchKind } from '../api/subjects-endpoints.ts';
import { LegalHold } from '../components/cases/legal-hold.tsx';
import { SubjectHoldNote } from '../components/cases/subject-hold-note.tsx';
import { fieldName, SubjectFields } from '../components/cases/subject-fields.tsx';
import { Dialog } from '../components/dialog.tsx';
import { linkClick } from '../router.ts';
import { useChat } from '../state/store-context.ts';

const KINDS: Array<{ kind: SubjectSearchKind; label: string }> = [
  { kind: 'email', label: 'E-mail' },
  { kind: 'phone', label: 'Phone' },
  { kind: 'username', label: 'Username' },
  { kind: 'account', label: 'Account id' },
];

const OUTCOMES: Record<string, string> = { success: 'shown', denied: 'refused', rate_limited: 'refused (too many reveals)' };

/** A readable outcome of a reveal attempt. */
export function outcomeText(outcome: string): string {
  return OUTCOMES[outcome] ?? outcome;
}

function AccessReport({ subjectId, version }: { subjectId: string; version: number }) {
  const [events, setEvents] = useState<AccessEvent[] | null>(null);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState('');
  useEffect(() => {
    Promise.all([subjectsApi.accessReport(subjectId), usersApi.list()])
      .then(([r, u]) => {
        setEvents(r.events);
        setNames(new Map(u.users.map((x) => [x.id, x.name])));
      })
      .catch((e: unknown) => setError(errorText(e)));
  }, [subjectId, version]);
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  if (!events) return <p className="muted">Loading the access report…</p>;
  return (
    <>
      <p>
        <a href={subjectsApi.accessReportCsvUrl(subjectId)} download>
          Download the access report (CSV)
        </a>
      </p>
      {events.length === 0 ? (
        <p className="muted">No one has tried to see this person's data.</p>
      ) : (
        <table className="case-table">
          <caption className="sr-only">Every reveal of this person's data</caption>
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Where</th>
              <th>What</th>
              <th>Why</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e, i) => (
              <tr key={`${e.at}-${i}`}>
                <td>{new Date(e.at).toLocaleString()}</td>
                <td>{names.get(e.actorId) ?? e.actorId}</td>
                <td>
                  {e.caseId ? (
                    <a href={`/cases/${e.caseId}`} onClick={linkClick(`/cases/${e.caseId}`)}>
                      a case
                    </a>
                  ) : e.channelId ? (
                    <a href={`/c/${e.channelId}`} onClick={linkClick(`/c/${e.channelId}`)}>
                      a channel
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>{e.field ? fieldName(e.field) : (e.entityType ?? '—')}</td>
                <td>{e.justification ?? '—'}</td>
                <td>{outcomeText(e.outcome)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function EraseButton({ subjectId, onErased }: { subjectId: string; onErased: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  function erase(): void {
    setBusy(true);
    subjectsApi
      .erase(subjectId)
      .then(() => {
        setConfirming(false);
        onErased();
      })
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  }
  return (
    <>
      <button type="button" className="danger" onClick={() => (setError(''), setConfirming(true))}>
        Erase this person's data…
      </button>
      {confirming && (
        <Dialog title="Erase this person's data?" onClose={() => setConfirming(false)}>
          <p>Their data key is destroyed at once. Every copy of their values, in every channel and case, then shows as “erased”. This cannot be undone.</p>
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="row">
            <button type="button" data-autofocus onClick={() => setConfirming(false)}>
              Keep the data
            </button>{' '}
            <button type="button" className="danger" disabled={busy} onClick={erase}>
              Erase now
            </button>
          </div>
        </Dialog>
      )}
    </>
  );
}

function SubjectPanel({ subject, index, onErased }: { subject: SubjectCard; index: number; onErased: () => void }) {
  const label = `person ${index + 1}`;
  const [version, setVersion] = useState(0);
  return (
    <article className="subject-card" aria-label={`Found ${label}`}>
      <h2>
        Found {label} {subject.erased && <span className="badge">erased</span>}
      </h2>
      <SubjectHoldNote hold={subject.legalHold} />
      {subject.erased ? (
        <p className="muted">This person's data was erased.</p>
      ) : (
        <SubjectFields subjectId={subject.id} fields={subject.fields} invalid={subject.invalid} justification="Privacy officer review: " onRevealed={() => setVersion((v) => v + 1)} />
      )}
      <h3>Access report</h3>
      <AccessReport subjectId={subject.id} version={version} />
      <h3>Legal hold</h3>
      <LegalHold target="subject" id={subject.id} label={`this ${label}`} />
      {!subject.erased && (
        <>
          <h3>Erasure</h3>
          <EraseButton subjectId={subject.id} onErased={onErased} />
        </>
      )}
    </article>
  );
}

/** The privacy officer's subject search and tools. */
export function SubjectsPage() {
  const { state } = useChat();
  const [kind, setKind] = useState<SubjectSearchKind>('email');
  const [value, setValue] = useState('');
  const [found, setFound] = useState<SubjectCard[] | null>(null);
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const kindId = useId();
  const valueId = useId();
  const resultsRef = useRef<HTMLHeadingElement>(null);
  if (state.me.role !== 'privacy_officer') return <p className="page">Only privacy officers can search data subjects.</p>;

  async function search(e?: FormEvent): Promise<void> {
    e?.preventDefault();
    try {
      const r = await subjectsApi.search(kind, value.trim());
      setFound(r.subjects);
      setError('');
      setStatus(r.subjects.length === 0 ? 'No one matches.' : `${r.subjects.length} ${r.subjects.length === 1 ? 'person' : 'people'} found.`);
      resultsRef.current?.focus();
    } catch (err) {
      setError(errorText(err));
    }
  }

  // The erased subject leaves the blind index, so it is marked here rather than searched again.
  function onErased(id: string): void {
    setFound((list) => list?.map((x) => (x.id === id ? { ...x, erased: true, fields: {}, invalid: [] } : x)) ?? null);
    setStatus("The person's data was erased.");
    setTimeout(() => resultsRef.current?.focus(), 0);
  }

  return (
    <section className="page" aria-label="Data subjects">
      <h1>Data subjects</h1>
      <p className="muted">Search people named in complaints by an exact value. The value is compared by a keyed hash and never stored.</p>
      <form className="row" onSubmit={(e) => void search(e)}>
        <label htmlFor={kindId}>Search by</label>{' '}
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as SubjectSearchKind)}>
          {KINDS.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </select>{' '}
        <label htmlFor={valueId}>Value</label>{' '}
        <input id={valueId} value={value} onChange={(e) => setValue(e.target.value)} required maxLength={320} autoComplete="off" spellCheck={false} />{' '}
        <button type="submit">Search</button>
      </form>
      <p className="muted small">Phone numbers with their country code, e.g. +1 201-555-0147; usernames with or without @.</p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <h2 ref={resultsRef} tabIndex={-1} className="sr-only">
        Results
      </h2>
      <p role="status">{status}</p>
      {found?.map((s, i) => (
        <SubjectPanel key={s.id} subject={s} index={i} onErased={() => onErased(s.id)} />
      ))}
    </section>
  );
}
