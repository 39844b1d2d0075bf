/**
 * Message composer: Enter sends, Shift+Enter inserts a newline, the send button is disabled
 * while the text is blank. The draft lives in React state only (never in web storage).
 * Shows the server's refusal (e.g. `personal_data_blocked` with its hint and the refused
 * positions highlighted) and keeps the text. With a `channelId` it also warns live about personal
 * data (see {@link PrivacyWarning}).
 */
import { forwardRef, useId, useImperativeHandle, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';
import type { ChannelClass } from '../api/types.ts';
import { activeMention, insertMention, matchPeople } from '../lib/mention-query.ts';
import { blockedFindings } from '../lib/privacy-text.ts';
import { BlockedNotice, PrivacyWarning, type BlockedSend } from './composer-privacy.tsx';
import { usePrivacyPreview } from './use-privacy-preview.ts';

/** Someone who can be @mentioned. */
export interface MentionCandidate {
  id: string;
  name: string;
  email: string;
}

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** Accessible label, e.g. "Message #general". */
  label: string;
  placeholder?: string;
  /** Sends the text; rejects to keep it in the box and show the error. */
  onSend: (text: string) => Promise<void>;
  autoFocus?: boolean;
  /** Text to start with (an in-memory draft kept by the caller). */
  initialText?: string;
  /** Told about every change of the text (to keep an in-memory draft; never web storage). */
  onTextChange?: (text: string) => void;
  /** People offered by the @mention autocomplete (none: no autocomplete). */
  mentionCandidates?: readonly MentionCandidate[];
  /** The channel written to: enables the live privacy check (`POST /analyze`). */
  channelId?: string;
  /** e.g. `#support` (for the "not personal data" confirmation). */
  channelTitle?: string;
  channelClass?: ChannelClass;
}

/** Longest message the API accepts, in UTF-16 code units (PRODUCT.md: "text at most 40,000 characters"). */
export const MAX_CHARS = 40_000;

/** Handle to focus the composer from outside. */
export interface ComposerHandle {
  focus(): void;
}

/** The message box. */
export const Composer = forwardRef<ComposerHandle, ComposerProps>(function Composer(
  { label, placeholder, onSend, autoFocus, mentionCandidates = [], initialText = '', onTextChange, channelId, channelTitle, channelClass },
  ref,
) {
  const [text, setTextState] = useState(initialText);
  const changed = useRef(onTextChange);
  changed.current = onTextChange;
  const setText = (next: string | ((cur: string) => string)): void => {
    setTextState((cur) => {
      const value = typeof next === 'function' ? next(cur) : next;
      if (value !== cur) changed.current?.(value);
      return value;
    });
  };
  const [caret, setCaret] = useState(0);
  const [pick, setPick] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const listId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [blocked, setBlocked] = useState<BlockedSend | null>(null);
  const [recheck, setRecheck] = useState(0);
  const preview = usePrivacyPreview(channelId, text, recheck);
  const area = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => ({ focus: () => area.current?.focus() }), []);

  const blank = text.trim().length === 0;
  const mention = activeMention(text, caret);
  const suggestions = mention && mention.start !== dismissedAt ? matchPeople(mentionCandidates, mention.query) : [];
  const open = suggestions.length > 0;
  const active = open ? Math.min(pick, suggestions.length - 1) : -1;

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !area.current) return;
    area.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  function choose(i: number): void {
    const person = suggestions[i];
    if (!mention || !person) return;
    const next = insertMention(text, mention.start, caret, person.name);
    setText(next.text);
    setCaret(next.caret);
    pendingCaret.current = next.caret;
    setPick(0);
  }

  async function submit(): Promise<void> {
    if (blank || sending) return;
    if (text.length > MAX_CHARS) {
      setError(`Not sent: the message is ${text.length.toLocaleString()} characters long; the limit is ${MAX_CHARS.toLocaleString()}.`);
      return;
    }
    const sent = text;
    setSending(true);
    setError(null);
    setBlocked(null);
    setText('');
    try {
      await onSend(sent);
    } catch (err) {
      setText((cur) => (cur === '' ? sent : cur));
      if (err instanceof ApiError && err.code === 'personal_data_blocked') {
        const hint = typeof err.details.hint === 'string' ? err.details.hint : null;
        const action = typeof err.details.action === 'string' ? err.details.action : undefined;
        setBlocked({ text: sent, message: err.message, hint, action, findings: blockedFindings(err) });
      } else setError(describe(err));
    } finally {
      setSending(false);
      area.current?.focus();
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = suggestions.length;
        setPick((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
        return;
      }
      if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
        e.preventDefault();
        choose(active);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(mention?.start ?? null);
        return;
      }
    }
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
        onChange={(e) => {
          setText(e.target.value);
          setCaret(e.target.selectionStart);
          setPick(0);
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
        aria-describedby={error || blocked ? errorId : undefined}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
      />
      {open && (
        <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention">
          {suggestions.map((p, i) => (
            <li
              key={p.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(i);
              }}
            >
              <strong>{p.name}</strong> <span className="muted small">{p.email}</span>
            </li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary" disabled={blank || sending} aria-label="Send message">
        Send
      </button>
      {error && (
        <p className="composer-error" role="alert" id={errorId}>
          {error}
        </p>
      )}
      {blocked && <BlockedNotice blocked={blocked} text={text} id={errorId} />}
      {channelId && !(blocked && blocked.text === text) && (
        <PrivacyWarning
          channelId={channelId}
          channelTitle={channelTitle ?? 'this channel'}
          channelClass={channelClass}
          text={text}
          preview={preview}
          onMarked={() => setRecheck((n) => n + 1)}
        />
      )}
    </form>
  );
});

function describe(err: unknown): string {
  return `Not sent: ${errorText(err)}`;
}
