/**
 * Cases (`/cases`, `/cases/:id`): the queue view with filters and overdue marks, and the case view
 * with the complaint, timeline, subject cards (masked fields, per-field reveal with a justification
 * prefilled with the case reference), the lead's assignment form, notes and decisions, and a link
 * to the case room.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { casesApi, type CaseEvent, type CaseSummary } from '../api/cases-endpoints.ts';
import { AssignmentPanel } from '../components/cases/assignment-panel.tsx';
import { LegalHold } from '../components/cases/legal-hold.tsx';
import { SubjectFields } from '../components/cases/subject-fields.tsx';
import { SubjectHoldNote } from '../components/cases/subject-hold-note.tsx';
import { linkClick } from '../router.ts';
import { useChat } from '../state/store-context.ts';

const STATUSES = ['', 'open', 'assigned', 'waiting', 'resolved', 'closed'];
const DECISIONS: Array<[string, string]> = [
  ['no_action', 'No action'],
  ['warn', 'Warn the account'],
  ['remove_content', 'Remove the content'],
  ['suspend', 'Suspend the account'],
  ['escalate', 'Escalate'],
];

function message(err: unknown): string {
  return err instanceof ApiError || err instanceof Error ? err.message : 'Something went wrong';
}

/** The case id in `/cases/:id`, else null. */
export function caseIdFromPath(path: string): string | null {
  const m = /^\/cases\/([^/]+)\/?$/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** `/cases` or `/cases/:id`. */
export function CasesPage({ path }: { path: string }) {
  const id = caseIdFromPath(path);
  return id ? <CaseView key={id} id={id} /> : <QueueView />;
}

function QueueView() {
  const [status, setStatus] = useState('');
  const [queue, setQueue] = useState('');
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    casesApi
      .list({ status, queue })
      .then((r) => live && (setCases(r.cases), setError('')))
      .catch((e: unknown) => live && setError(message(e)));
    return () => {
      live = false;
    };
  }, [status, queue]);
  return (
    <section className="page" aria-label="Cases">
      <h1>Cases</h1>
      <div className="row">
        <label>
          Status{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || 'any'}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Queue <input value={queue} onChange={(e) => setQueue(e.target.value)} placeholder="any" />
        </label>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <table className="case-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Category</th>
            <th>Status</th>
            <th>Priority</th>
            <th>Queue</th>
            <th>Due</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} className={c.overdue ? 'overdue' : undefined}>
              <td>
                <a href={`/cases/${c.id}`} onClick={linkClick(`/cases/${c.id}`)}>
                  #{c.number}
                </a>
              </td>
              <td>{c.category}</td>
              <td>{c.status}</td>
              <td>{c.priority}</td>
              <td>{c.queue}</td>
              <td>{c.dueAt ? new Date(c.dueAt).toLocaleString() : ''}{c.overdue && <strong className="badge mention"> overdue</strong>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cases.length === 0 && !error && <p className="muted">No cases.</p>}
    </section>
  );
}

function CaseView({ id }: { id: string }) {
  const { state } = useChat();
  const [c, setCase] = useState<CaseSummary | null>(null);
  const [timeline, setTimeline] = useState<{ complaint: { text: string }; events: CaseEvent[] } | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [decision, setDecision] = useState('no_action');
  const [reason, setReason] = useState('');
  const load = useCallback(() => {
    Promise.all([casesApi.get(id), casesApi.timeline(id)])
      .then(([cs, tl]) => {
        setCase(cs);
        setTimeline(tl);
        setError('');
      })
      .catch((e: unknown) => setError(message(e)));
  }, [id]);
  useEffect(load, [load]);
  const act = (p: Promise<unknown>) => void p.then(load).catch((e: unknown) => setError(message(e)));
  if (!c) return <section className="page">{error ? <p className="error" role="alert">{error}</p> : <p>Loading…</p>}</section>;
  const lead = state.me.role === 'lead' || state.me.role === 'admin';
  return (
    <section className="page" aria-label={`Case ${c.number}`}>
      <p>
        <a href="/cases" onClick={linkClick('/cases')}>
          ← Cases
        </a>
      </p>
      <h1>
        Case #{c.number} · {c.category} · {c.status} {c.overdue && <strong className="badge mention">overdue</strong>}
      </h1>
      <p className="muted">
        Priority {c.priority} · queue {c.queue} · assignees {c.assignees.length}
        {c.roomChannelId && (
          <>
            {' '}
            ·{' '}
            <a href={`/c/${c.roomChannelId}`} onClick={linkClick(`/c/${c.roomChannelId}`)}>
              open the case room
            </a>
          </>
        )}
      </p>
      {error && <p className="error" role="alert">{error}</p>}
      <h2>Subjects</h2>
      {c.subjects.map((s) => (
        <div key={`${s.id}-${s.role}`} className="subject-card">
          <h3>
            {s.role} {s.erased && <span className="badge">erased</span>}
          </h3>
          <SubjectHoldNote hold={s.legalHold} />
          {s.erased ? <p className="muted">This person's data was erased.</p> : <SubjectFields subjectId={s.id} fields={s.fields} invalid={s.invalid} justification={`Case #${c.number}: `} />}
        </div>
      ))}
      {lead && (
        <>
          <h2>Assign</h2>
          <AssignmentPanel caseId={c.id} caseNumber={c.number} assignees={c.assignees} onChanged={load} />
        </>
      )}
      {state.me.role === 'privacy_officer' && (
        <>
          <h2>Legal hold</h2>
          <LegalHold target="case" id={c.id} label={`case #${c.number}`} />
        </>
      )}
      <h2>Complaint</h2>
      <p>{timeline?.complaint.text}</p>
      <h2>Timeline</h2>
      <ul>
        {timeline?.events.map((e) => (
          <li key={e.id}>
            <span className="muted">{new Date(e.at).toLocaleString()} · {e.kind}</span> {e.text} {typeof e.data.decision === 'string' && <strong>{e.data.decision}</strong>}
          </li>
        ))}
      </ul>
      <form onSubmit={(e) => (e.preventDefault(), act(casesApi.note(c.id, note).then(() => setNote(''))))}>
        <label>
          Internal note <input value={note} onChange={(e) => setNote(e.target.value)} required />
        </label>{' '}
        <button type="submit">Add note</button>
      </form>
      <form onSubmit={(e) => (e.preventDefault(), act(casesApi.decide(c.id, decision, reason)))}>
        <label>
          Decision{' '}
          <select value={decision} onChange={(e) => setDecision(e.target.value)}>
            {DECISIONS.map(([d, label]) => (
              <option key={d} value={d}>
                {label}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          Reason <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} required />
        </label>{' '}
        <button type="submit">Record decision</button>
      </form>
    </section>
  );
}
