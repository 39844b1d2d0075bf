/**
 * Legal hold controls (privacy officers): place or lift a hold on a case or a data subject
 * (`PUT|DELETE /api/v1/legal-holds/case|subject/:id`). While held, retention and erasure leave
 * the data alone.
 */
import { useState } from 'react';
import { errorText } from '../../api/client.ts';
import { subjectsApi, type HoldTarget } from '../../api/subjects-endpoints.ts';

/** Props of {@link LegalHold}. */
export interface LegalHoldProps {
  target: HoldTarget;
  id: string;
  /** How the held thing is called in messages, e.g. "case #12". */
  label: string;
}

/** Two buttons (place / lift) with a spoken outcome. */
export function LegalHold({ target, id, label }: LegalHoldProps) {
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  function set(hold: boolean): void {
    setBusy(true);
    setError('');
    subjectsApi
      .setHold(target, id, hold)
      .then(() => setStatus(hold ? `A legal hold is now placed on ${label}.` : `The legal hold on ${label} was lifted.`))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  }
  return (
    <div className="legal-hold" role="group" aria-label={`Legal hold on ${label}`}>
      <button type="button" disabled={busy} onClick={() => set(true)}>
        Place legal hold
      </button>{' '}
      <button type="button" disabled={busy} onClick={() => set(false)}>
        Lift legal hold
      </button>{' '}
      <span className="muted small" role="status">
        {status}
      </span>
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </div>
  );
}
