/** Dialogs reached from the sidebar: create a channel, browse public channels, start a DM. */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { channelsApi } from '../api/endpoints.ts';
import type { User } from '../api/types.ts';
import { navigate } from '../router.ts';
import { useChat } from '../state/store-context.ts';
import { Dialog } from './dialog.tsx';
import { UserPicker } from './user-picker.tsx';
import { nameProblem } from '../lib/channel-name.ts';

/** Create a public or private channel, then open it; `initialVisibility` preselects one (default public). */
export function CreateChannelDialog({ onClose, initialVisibility = 'public' }: { onClose: () => void; initialVisibility?: 'public' | 'private' }) {
  const { store } = useChat();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>(initialVisibility);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    try {
      const ch = await channelsApi.create(name.trim(), visibility, topic.trim() || undefined);
      store.upsertChannel(ch);
      onClose();
      navigate(`/c/${encodeURIComponent(ch.id)}`);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Dialog title="Create a channel" onClose={onClose}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={80}
            autoFocus
            data-autofocus
            placeholder="e.g. support-escalations"
            aria-describedby="channel-name-rules"
            aria-invalid={nameProblem(name) ? true : undefined}
          />
        </label>
        <p id="channel-name-rules" className={`small ${nameProblem(name) ? 'error' : 'muted'}`}>
          {nameProblem(name) ?? 'Lower-case letters, digits, - _ and . only; no spaces; at most 80 characters.'}
        </p>
        <label>
          Topic <span className="muted small">(optional)</span>
          <input value={topic} onChange={(e) => setTopic(e.target.value)} maxLength={250} />
        </label>
        <fieldset>
          <legend>Who can find it</legend>
          <label className="inline">
            <input type="radio" name="visibility" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
            Public — anyone in the workspace can join
          </label>
          <label className="inline">
            <input type="radio" name="visibility" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            Private — only invited members
          </label>
        </fieldset>
        <p className="notice small" id="visibility-privacy">
          {visibility === 'public'
            ? 'A public channel is broad: anyone can read it, so messages with personal data (e-mail addresses, phone numbers, account details…) are refused there. Discuss a case in its case room or a private team channel.'
            : 'In a private team channel personal data is replaced by protected items; members can reveal one only with a justification, and every reveal is logged.'}
        </p>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <div className="row end">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim() || nameProblem(name) !== null}>
            Create
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Public channels the caller is not in, with Join. */
export function BrowseChannelsDialog({ onClose }: { onClose: () => void }) {
  const { store, state } = useChat();
  const [error, setError] = useState<string | null>(null);
  const joinable = state.channels.filter((c) => c.kind === 'channel' && !c.isMember);
  // Public channels created since the list was loaded are not announced to non-members.
  useEffect(() => {
    store.reloadChannels().catch((err: unknown) => setError(errorText(err)));
  }, [store]);

  async function join(id: string): Promise<void> {
    try {
      await channelsApi.addMember(id, state.me.id);
      await store.reloadChannels();
      onClose();
      navigate(`/c/${encodeURIComponent(id)}`);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Dialog title="Browse channels" onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {joinable.length === 0 ? (
        <p className="muted">You are in every public channel.</p>
      ) : (
        <ul className="plain-list">
          {joinable.map((c) => (
            <li key={c.id} className="person-row">
              <span>
                <strong>#{c.name}</strong> <span className="muted small">{c.memberCount} members{c.topic ? ` · ${c.topic}` : ''}</span>
              </span>
              <button type="button" onClick={() => void join(c.id)} aria-label={`Join #${c.name}`}>
                Join
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}

/** Start (or reopen) a direct message with one or a few people. */
export function NewDmDialog({ onClose }: { onClose: () => void }) {
  const { store, state } = useChat();
  const [picked, setPicked] = useState<User[]>([]);
  const [error, setError] = useState<string | null>(null);
  const users = useMemo(() => [...state.users.values()], [state.users]);
  const exclude = useMemo(() => new Set([state.me.id, ...picked.map((u) => u.id)]), [state.me.id, picked]);

  async function start(): Promise<void> {
    try {
      const ch = await channelsApi.openDm(picked.map((u) => u.id));
      store.upsertChannel(ch);
      onClose();
      navigate(`/c/${encodeURIComponent(ch.id)}`);
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Dialog title="New direct message" onClose={onClose}>
      {picked.length > 0 && (
        <ul className="plain-list tags" aria-label="Selected people">
          {picked.map((u) => (
            <li key={u.id}>
              {u.name}{' '}
              <button type="button" className="icon-button" aria-label={`Remove ${u.name}`} onClick={() => setPicked(picked.filter((p) => p.id !== u.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <UserPicker users={users} exclude={exclude} actionLabel="Select" onPick={(u) => setPicked([...picked, u])} />
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={picked.length === 0} onClick={() => void start()}>
          Start conversation
        </button>
      </div>
    </Dialog>
  );
}
