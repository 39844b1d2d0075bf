/**
 * A data subject's fields, masked (`j▪▪▪@example.com`), each with its own reveal: a small form whose
 * justification is prefilled (e.g. with the case reference) and editable. The value is shown for a
 * minute, then forgotten; it lives only in this component's state. Multi-valued fields (IP
 * addresses, device ids) get one reveal per value (`index`).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import { casesApi } from '../../api/cases-endpoints.ts';

/** How long a revealed value stays on screen (ms), as the server's `expiresInMs`. */
const SHOW_MS = 60_000;

const MULTI = new Set(['ipAddresses', 'deviceIds']);

const FIELD_NAMES: Record<string, string> = {
  accountId: 'Account id',
  displayName: 'Display name',
  username: 'Username',
  email: 'E-mail',
  phone: 'Phone',
  country: 'Country',
  city: 'City',
  ipAddresses: 'IP address',
  deviceIds: 'Device id',
  dateOfBirth: 'Date of birth',
};

/** A readable name for a subject field (`ipAddresses` → "IP address"). */
export function fieldName(field: string): string {
  return FIELD_NAMES[field] ?? field;
}

/** The masked values of one field: multi-valued fields are split on `, ` (one entry per value). */
export function maskedValues(field: string, masked: string): string[] {
  return MULTI.has(field) ? masked.split(', ') : [masked];
}

interface RevealProps {
  subjectId: string;
  field: string;
  index: number | undefined;
  masked: string;
  invalid: boolean;
  justification: string;
  onRevealed: (() => void) | undefined;
}

function FieldReveal({ subjectId, field, index, masked, invalid, justification: initial, onRevealed }: RevealProps) {
  const [open, setOpen] = useState(false);
  const [justification, setJustification] = useState(initial);
  const [value, setValue] = useState<string | null>(null);
  const [flagged, setFlagged] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const valueRef = useRef<HTMLElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputId = useId();
  const label = `${fieldName(field)}${index !== undefined ? ` ${index + 1}` : ''}`;

  useEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  useEffect(() => {
    if (value === null) return;
    valueRef.current?.focus();
    const t = setTimeout(() => setValue(null), SHOW_MS);
    return () => clearTimeout(t);
  }, [value]);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    try {
      const r = await casesApi.revealField(subjectId, field, justification, index);
      setValue(r.value);
      setFlagged(r.flagged);
      setOpen(false);
      setError('');
      onRevealed?.();
    } catch (err) {
      setError(errorText(err));
      onRevealed?.();
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="subject-field">
      <span className="muted">{label}</span>{' '}
      <code ref={valueRef} tabIndex={value === null ? undefined : -1} aria-live="polite">
        {value ?? masked}
      </code>
      {invalid && <span className="badge"> not a valid value</span>}
      {value !== null && <span className="muted small"> (hidden again in a minute{flagged ? '; this reveal is queued for review' : ''})</span>}{' '}
      {value === null && (
        <button ref={buttonRef} type="button" onClick={() => setOpen(!open)} aria-expanded={open} aria-label={`Reveal ${label}`}>
          Reveal
        </button>
      )}
      {open && (
        <form
          className="reveal-form"
          onSubmit={(e) => void submit(e)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setOpen(false);
              buttonRef.current?.focus();
            }
          }}
        >
          <label htmlFor={inputId}>Why do you need it? (at least 12 characters)</label>{' '}
          <input id={inputId} ref={inputRef} value={justification} onChange={(e) => setJustification(e.target.value)} minLength={12} maxLength={500} required size={40} />{' '}
          <button type="submit" disabled={busy}>
            Reveal {label}
          </button>{' '}
          <button
            type="button"
            onClick={() => {
              setOpen(false);
              buttonRef.current?.focus();
            }}
          >
            Cancel
          </button>
        </form>
      )}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </li>
  );
}

/** Props of {@link SubjectFields}. */
export interface SubjectFieldsProps {
  subjectId: string;
  fields: Record<string, string>;
  invalid: readonly string[];
  /** The prefilled justification, e.g. `Case #12: `. */
  justification: string;
  /** Called after each reveal attempt, granted or refused (e.g. to reload an access report). */
  onRevealed?: () => void;
}

/** The masked fields of one subject, each revealable on its own. */
export function SubjectFields({ subjectId, fields, invalid, justification, onRevealed }: SubjectFieldsProps) {
  const entries = Object.entries(fields);
  if (entries.length === 0) return <p className="muted">No fields.</p>;
  return (
    <ul className="plain-list">
      {entries.flatMap(([field, masked]) => {
        const values = maskedValues(field, masked);
        return values.map((m, i) => (
          <FieldReveal
            key={`${field}-${i}`}
            subjectId={subjectId}
            field={field}
            index={values.length > 1 ? i : undefined}
            masked={m}
            invalid={invalid.includes(field)}
            justification={justification}
            onRevealed={onRevealed}
          />
        ));
      })}
    </ul>
  );
}
