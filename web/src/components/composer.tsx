/**
 * Message composer: Enter sends, Shift+Enter inserts a newline, the send button is disabled
 * while the text is blank. The draft lives in React state only (never in web storage).
 * Shows the server's refusal (e.g. `personal_data_blocked` with its hint) and keeps the text.
 */
import { forwardRef, useImperativeHandle, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Accessible label, e.g. "Message #general". */
  label: string;
  placeholder?: string;
  /** Sends the text; rejects to keep it in the box and show the error. */
  onSend: (text: string) => Promise<void>;
  autoFocus?: boolean;
}

/** Handle to focus the composer from outside. */
export interface ComposerHandle {
  focus(): void;
}

/** The message box. */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(
  { label, placeholder, onSend, autoFocus },
  ref,
) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  const blank = text.trim().length === 0;

  async function submit(): Promise<void> {
    if (blank || sending) return;
    const sent = text;
    setSending(true);
    setError(null);
    setText('');
    try {
      await onSend(sent);
    } catch (err) {
      setText((cur) => (cur === '' ? sent : cur));
      setError(describe(err));
    } finally {
      setSending(false);
      area.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <textarea
        ref={area}
        aria-label={label}
        placeholder={placeholder ?? label}
        value={text}
        rows={1}
        autoFocus={autoFocus}
        autoComplete="off"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        aria-describedby={error ? `${label}-error` : undefined}
      />
      <button type="submit" className="primary" disabled={blank || sending} aria-label="Send message">
        Send
      </button>
      {error && (
        <p className="composer-error" role="alert" id={`${label}-error`}>
          {error}
        </p>
      )}
    </form>
  );
});

function describe(err: unknown): string {
  if (err instanceof ApiError && err.code === 'personal_data_blocked') {
    const hint = typeof err.details.hint === 'string' ? ` ${err.details.hint}` : '';
    return `Not sent: ${err.message}${hint}`;
  }
  return `Not sent: ${errorText(err)}`;
}
