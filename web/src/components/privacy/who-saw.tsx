/**
 * "Who saw what" (`GET /api/v1/audit/who-saw`): every reveal attempt of one token, or of any
 * token of a data subject, oldest first — who, when, why, and whether it was granted.
 */
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import type { AuditEvent } from '../../api/privacy-types.ts';
import { officerApi } from '../../api/privacy-endpoints.ts';
import { useChat } from '../../state/store-context.ts';
import { AuditTable } from './audit-format.tsx';

/** The "who saw" view. */
export function WhoSaw() {
  const { state } = useChat();
  const [by, setBy] = useState<'token' | 'subjectId'>('token');
  const [value, setValue] = useState('');
  const [events, setEvents] = useState<AuditEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const v = value.trim().replace(/^(token|subject):/, '');
    if (!v) return;
    setError(null);
    try {
      const res = await officerApi.whoSaw(by === 'token' ? { token: v } : { subjectId: v });
      setEvents(res.events);
    } catch (err) {
      setEvents(null);
      setError(errorText(err));
    }
  }

  const granted = events?.filter((e) => e.outcome === 'success').length ?? 0;
  return (
    <section aria-labelledby="who-saw-h">
      <h2 id="who-saw-h">Who saw what</h2>
      <form className="form grid-form" onSubmit={(e) => void submit(e)}>
        <fieldset>
          <legend>Look up by</legend>
          <label className="inline">
            <input type="radio" name="who-saw-by" checked={by === 'token'} onChange={() => setBy('token')} />
            Token
          </label>
          <label className="inline">
            <input type="radio" name="who-saw-by" checked={by === 'subjectId'} onChange={() => setBy('subjectId')} />
            Data subject
          </label>
        </fieldset>
        <label>
          {by === 'token' ? 'Token to look up' : 'Data subject id'}
          <input value={value} required placeholder={by === 'token' ? 'tok_…' : 'subject id'} onChange={(e) => setValue(e.target.value)} />
        </label>
        <div className="row">
          <button type="submit" className="primary">
            Show reveals
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {events && (
        <>
          <p role="status" className="muted small">
            {events.length === 0 ? 'Nobody asked to reveal it.' : `${events.length} reveal attempt${events.length === 1 ? '' : 's'}, ${granted} granted.`}
          </p>
          {events.length > 0 && <AuditTable events={events} state={state} caption="Reveal attempts" />}
        </>
      )}
    </section>
  );
}
