/** Members of a channel: list, add by picking a user, remove (or leave for oneself). */
import { PersonName } from './people/person-name.tsx';
import { PresenceDot } from './presence-dot.tsx';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { errorText } from '../api/client.ts';
import { channelsApi } from '../api/endpoints.ts';
import type { Channel, Member } from '../api/types.ts';
import { navigate } from '../router.ts';
import { useChat } from '../state/store-context.ts';
import { Dialog } from './dialog.tsx';
import { UserPicker } from './user-picker.tsx';
import { ChannelAccess } from './channel-access.tsx';

/** Props of {@link MembersDialog}. */
export interface MembersDialogProps {
  channel: Channel;
  onClose: () => void;
}

/** Member management dialog. */
export function MembersDialog({ channel, onClose }: MembersDialogProps) {
  const { store, state } = useChat();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(() => {
    channelsApi
      .members(channel.id)
      .then(({ members: list }) => setMembers(list))
      .catch((err: unknown) => setError(errorText(err)));
  }, [channel.id]);
  useEffect(load, [load, channel.memberCount]);

  const memberIds = useMemo(() => new Set((members ?? []).map((m) => m.userId)), [members]);
  const users = useMemo(() => [...state.users.values()], [state.users]);

  async function act(fn: () => Promise<void>, done: string): Promise<void> {
    setError(null);
    try {
      await fn();
      setStatus(done);
      load();
    } catch (err) {
      setError(errorText(err));
    }
  }

  return (
    <Dialog title={`Members of ${channel.kind === 'dm' ? channel.name : `#${channel.name}`}`} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p className="sr-only" role="status">
        {status}
      </p>
      {members === null ? (
        <p className="muted">Loading…</p>
      ) : (
        <ul className="plain-list members">
          {members.map((m) => (
            <li key={m.userId} className="person-row">
              <span>
                <PresenceDot userId={m.userId} /> <PersonName userId={m.userId} className="strong">
                  {m.name}
                </PersonName> <span className="muted small">{m.email}</span>
              </span>
              {m.userId === state.me.id ? (
                channel.kind === 'channel' && (
                  <button
                    type="button"
                    onClick={() =>
                      void act(async () => {
                        await channelsApi.removeMember(channel.id, m.userId);
                        onClose();
                        await store.reloadChannels();
                        navigate('/');
                      }, 'You left the channel')
                    }
                  >
                    Leave
                  </button>
                )
              ) : (
                channel.kind === 'channel' && (
                  <button
                    type="button"
                    className="danger-text"
                    aria-label={`Remove ${m.name}`}
                    onClick={() => void act(() => channelsApi.removeMember(channel.id, m.userId), `${m.name} removed`)}
                  >
                    Remove
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {members && <ChannelAccess channel={channel} members={members} onChanged={load} />}
      {channel.kind === 'channel' && (
        <>
          <h3>Add people</h3>
          <UserPicker
            users={users}
            exclude={memberIds}
            actionLabel="Add"
            label="Find people to add"
            onPick={(u) => void act(() => channelsApi.addMember(channel.id, u.id), `${u.name} added`)}
          />
        </>
      )}
    </Dialog>
  );
}
