/**
 * Ctrl+K quick switcher (issue 12): a combobox over my channels, joinable public channels and
 * people. Keyboard only: type to filter, ↑/↓ to move, Enter to open, Escape to close; focus goes
 * back where it was (the dialog returns it) or to the opened conversation's composer.
 */
import './channels.css';
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { errorText } from '../api/client.ts';
import { channelsApi } from '../api/endpoints.ts';
import { switchTargets, type SwitchTarget } from '../lib/quick-switch.ts';
import { navigate } from '../router.ts';
import { useChat } from '../state/store-context.ts';
import { Dialog } from './dialog.tsx';

/** The switcher dialog, open while mounted. */
export function QuickSwitcher({ onClose }: { onClose: () => void }) {
  const { store, state } = useChat();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const listId = useId();
  const people = useMemo(() => [...state.users.values()], [state.users]);
  const targets = useMemo(() => switchTargets(query, state.channels, people, state.me.id), [query, state.channels, people, state.me.id]);
  const current = Math.min(active, Math.max(0, targets.length - 1));

  async function open(t: SwitchTarget | undefined): Promise<void> {
    if (!t) return;
    try {
      if (t.kind === 'channel') {
        onClose();
        navigate(`/c/${encodeURIComponent(t.id)}`);
      } else {
        const dm = await channelsApi.openDm([t.id]);
        store.upsertChannel(dm);
        onClose();
        navigate(`/c/${encodeURIComponent(dm.id)}`);
      }
    } catch (err) {
      setError(errorText(err));
    }
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (targets.length === 0) return;
      const step = e.key === 'ArrowDown' ? 1 : targets.length - 1;
      setActive((current + step) % targets.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      void open(targets[current]);
    }
  }

  const optionId = (i: number) => `${listId}-opt-${i}`;
  return (
    <Dialog title="Jump to a conversation" onClose={onClose} className="quick-switcher">
      <input
        type="text"
        role="combobox"
        aria-label="Channel or person"
        aria-expanded={targets.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={targets.length > 0 ? optionId(current) : undefined}
        placeholder="Type a channel or a person’s name"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKey}
        autoComplete="off"
        data-autofocus
      />
      <ul id={listId} role="listbox" aria-label="Matches" className="switch-list">
        {targets.map((t, i) => (
          <li
            key={`${t.kind}:${t.id}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => void open(t)}
          >
            <span className="switch-label">{t.label}</span> <span className="muted small">{t.hint}</span>
          </li>
        ))}
      </ul>
      {targets.length === 0 && <p className="muted">No channel or person matches.</p>}
      <p className="sr-only" role="status">
        {targets.length === 0 ? 'No matches' : `${targets.length} matches`}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="muted small">↑ ↓ to choose · Enter to open · Esc to close</p>
    </Dialog>
  );
}
