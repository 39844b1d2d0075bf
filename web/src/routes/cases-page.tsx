/**
 * Cases (`/cases`, `/cases/:id`): the queue view with filters and overdue marks, and the case view
 * with the complaint, timeline, subject cards (masked fields, per-field reveal with a justification
 * prefilled with the case reference), the lead's assignment form, notes and decisions, and a link
 * to the case room.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { casesApi, type CaseEvent, type CaseSummary, type SubjectCard } from '../api/cases-endpoints.ts';
import { linkClick } from '../router.ts';
import { useChat } from '../state/store-context.ts';

const STATUSES = ['', 'open', 'assigned', 'waiting', 'resolved', 'closed'];
const DECISIONS = ['no_action', 'warn', 'remove_content', 'suspend', 'escalate'];

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

function FieldReveal({ subject, field, masked, caseNumber }: { subject: SubjectCard; field: string; masked: string; caseNumber: number }) {
  const [open, setOpen] = useState(false);
  const [justification, setJustification] = useState(`Case #${caseNumber}: `);
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (value === null) return;
    const t = setTimeout(() => setValue(null), 60_000);
    return () => clearTimeout(t);
  }, [value]);
  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const r = await casesApi.revealField(subject.id, field, justification);
      setValue(r.value);
      setOpen(false);
      setError('');
    } catch (err) {
      setError(message(err));
    }
  }
  return (
    <li>
      <span className="muted">{field}</span> <code>{value ?? masked}</code>
      {subject.invalid.includes(field) && <span className="badge"> invalid</span>}{' '}
      {value === null && (
        <button type="button" onClick={() => setOpen(!open)} aria-expanded={open}>
          Reveal
        </button>
      )}
      {open && (
        <form onSubmit={(e) => void submit(e)}>
          <label>
            Justification <input value={justification} onChange={(e) => setJustification(e.target.value)} minLength={12} required />
          </label>{' '}
          <button type="submit">Reveal {field}</button>
        </form>
      )}
      {error && <span className="error" role="alert"> {error}</span>}
    </li>
  );
}

function CaseView({ id }: { id: string }) {
  const { state } = useChat();
  const [c, setCase] = useState<CaseSummary | null>(null);
  const [timeline, setTimeline] = useState<{ complaint: { text: string }; events: CaseEvent[] } | null>(null);
  const [error, setError] = useState('');
  const [assignee, setAssignee] = useState('');
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
          <ul>
            {Object.entries(s.fields).map(([field, masked]) => (
              <FieldReveal key={field} subject={s} field={field} masked={masked} caseNumber={c.number} />
            ))}
          </ul>
        </div>
      ))}
      {lead && (
        <form onSubmit={(e) => (e.preventDefault(), act(casesApi.assign(c.id, assignee.trim())))}>
          <h2>Assign</h2>
          <label>
            User id <input value={assignee} onChange={(e) => setAssignee(e.target.value)} required />
          </label>{' '}
          <button type="submit">Assign</button>
          <ul>
            {c.assignees.map((u) => (
              <li key={u}>
                {u}{' '}
                <button type="button" onClick={() => act(casesApi.unassign(c.id, u))}>
                  Unassign
                </button>
              </li>
            ))}
          </ul>
        </form>
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
            {DECISIONS.map((d) => (
              <option key={d}>{d}</option>
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
