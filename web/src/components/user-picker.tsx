/**
 * Pick users by name or e-mail from the directory (filtered in memory). Each match is a button,
 * so the list works with Tab/Enter and screen readers.
 */
import { useId, useRef, useState } from 'react';
import type { User } from '../api/types.ts';

/** Props of {@link UserPicker}. */
export interface UserPickerProps {
  users: readonly User[];
  /** Ids not offered (e.g. current members). */
  exclude: ReadonlySet<string>;
  actionLabel: string;
  onPick: (user: User) => void;
  label?: string;
}

/** Search box plus matching users. */
export function UserPicker({ users, exclude, actionLabel, onPick, label }: UserPickerProps) {
  const [q, setQ] = useState('');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const needle = q.trim().toLowerCase();
  const matches = users
    .filter((u) => u.active && !exclude.has(u.id))
    .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.email.toLowerCase().includes(needle))
    .slice(0, 20);
  return (
    <div className="user-picker">
      <label htmlFor={id}>{label ?? 'Find people'}</label>
      <input ref={input} id={id} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" autoComplete="off" />
      {matches.length === 0 ? (
        <p className="muted small">No one to add.</p>
      ) : (
        <ul className="plain-list">
          {matches.map((u) => (
            <li key={u.id} className="person-row">
              <span>
                <strong>{u.name}</strong> <span className="muted small">{u.email}</span>
              </span>
              <button type="button" onClick={() => {
                  // The picked row goes away with its button: focus returns to the (emptied) search box.
                  input.current?.focus();
                  setQ('');
                  onPick(u);
                }} aria-label={`${actionLabel} ${u.name}`}>
                {actionLabel}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
