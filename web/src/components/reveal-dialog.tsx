/**
 * Asks for a justification before revealing one protected value (PRODUCT.md "Reveal"): at least
 * {@link MIN_JUSTIFICATION} characters, with a counter and the plain statement that the reveal is
 * recorded. On success hands the answer to `onRevealed` (the caller keeps the value in component
 * state only); errors stay in the dialog (403 need-to-know, 410 erased, 429 rate limit).
 * For a chip that cannot be revealed the dialog only explains why.
 */
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import type { RevealResult } from '../api/privacy-types.ts';
import { revealApi } from '../api/privacy-endpoints.ts';
import { justificationMissing, MAX_JUSTIFICATION, MIN_JUSTIFICATION, readableType, revealErrorText } from '../lib/privacy-text.ts';
import { Dialog } from './dialog.tsx';

/** Props of {@link RevealDialog}. */
export interface RevealDialogProps {
  token: string;
  entityType: string;
  /** `null` when the value may be revealed; otherwise why not (shown instead of the form). */
  blockedReason: string | null;
  /** The caller reveals by role (privacy officer): say that it is flagged for review. */
  byRole: boolean;
  /** The value was shared in the channel only before the caller joined: the reveal is flagged for review. */
  beforeJoining?: boolean;
  onRevealed: (result: RevealResult) => void;
  /** Told about a 410 so the chip can show "erased". */
  onErased: () => void;
  onClose: () => void;
}

/** The reveal dialog. */
export function RevealDialog(props: RevealDialogProps) {
  const { token, entityType, blockedReason, byRole } = props;
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  /** Set after a 429: further tries would only be refused (and audited) again. */
  const [limited, setLimited] = useState(false);
  const counterId = useId();
  const noteId = useId();
  const missing = justificationMissing(text);
  const title = `Reveal ${readableType(entityType)}`;

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    if (missing > 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const res = await revealApi.reveal(token, text.trim());
      props.onRevealed(res);
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) props.onErased();
      if (err instanceof ApiError && err.status === 429) setLimited(true);
      setError(revealErrorText(err));
      setBusy(false);
    }
  }

  if (blockedReason) {
    return (
      <Dialog title={`Protected ${readableType(entityType)}`} onClose={props.onClose}>
        <p>{blockedReason}</p>
        <div className="row end">
          <button type="button" className="primary" autoFocus data-autofocus onClick={props.onClose}>
            Close
          </button>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={title} onClose={props.onClose}>
      <form className="form reveal-form" onSubmit={(e) => void submit(e)}>
        <p id={noteId} className="reveal-note">
          This reveal is recorded in the audit log with your name, the time and your justification; privacy officers review
          it. The value is shown for 60 seconds, then hidden again.
          {byRole && <strong> You are revealing by role (privacy officer): this reveal is flagged for review.</strong>}
          {props.beforeJoining && <strong> This value was shared before you joined this channel: this reveal is flagged for review by a privacy officer.</strong>}
        </p>
        <label>
          Why do you need to see this value?
          <textarea
            value={text}
            autoFocus data-autofocus
            rows={3}
            maxLength={MAX_JUSTIFICATION}
            aria-describedby={`${counterId} ${noteId}`}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              // Ctrl+Enter (⌘+Enter) submits from the justification box; Enter alone adds a line.
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }
            }}
          />
        </label>
        <p id={counterId} className={`counter small ${missing > 0 ? 'muted' : 'ok'}`}>
          {missing > 0
            ? `${text.trim().length} / ${MIN_JUSTIFICATION} characters — ${missing} more needed`
            : `${text.trim().length} characters — enough`}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={missing > 0 || busy || limited}>
            {busy ? 'Revealing…' : 'Reveal for 60 s'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
