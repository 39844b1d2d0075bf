/**
 * Channel settings inside the members dialog (issue 7, item 4): who may add members to a private
 * channel (everyone in it, or only its owners), the owners, and making a member owner. Owners and
 * admins change them; everyone else sees them read-only.
 */
import { useCallback, useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { accessApi, type ChannelSettings } from '../api/access-endpoints.ts';
import type { Channel, Member } from '../api/types.ts';

/** Props of {@link ChannelAccess}. */
export interface ChannelAccessProps {
  channel: Channel;
  members: Member[];
  /** Called after a change (the members list may show owners differently). */
  onChanged?: () => void;
}

/** Owners and the owners-only setting of a channel. */
export function ChannelAccess({ channel, members, onChanged }: ChannelAccessProps) {
  const [settings, setSettings] = useState<ChannelSettings | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    accessApi
      .channelSettings(channel.id)
      .then(setSettings)
      .catch((err: unknown) => setError(errorText(err)));
  }, [channel.id]);
  useEffect(load, [load]);

  async function act(fn: () => Promise<unknown>): Promise<void> {
    setError(null);
    try {
      await fn();
      load();
      onChanged?.();
    } catch (err) {
      setError(errorText(err));
    }
  }

  if (channel.kind !== 'channel' || !settings) return null;
  const ownerNames = settings.owners.map((id) => members.find((m) => m.userId === id)?.name ?? id);
  const others = members.filter((m) => !settings.owners.includes(m.userId));
  return (
    <section className="channel-access" aria-labelledby="channel-access-h">
      <h3 id="channel-access-h">Who can add people</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {channel.visibility === 'private' && (
        <label>
          Adding members
          <select
            value={settings.addMembers}
            disabled={!settings.canManage}
            onChange={(e) => void act(() => accessApi.setAddMembers(channel.id, e.target.value === 'owners' ? 'owners' : 'members'))}
          >
            <option value="members">Any member</option>
            <option value="owners">Owners only</option>
          </select>
        </label>
      )}
      <p className="small">Owners: {ownerNames.join(', ') || 'none'}</p>
      {settings.canManage && others.length > 0 && (
        <label>
          Make owner
          <select value="" onChange={(e) => e.target.value && void act(() => accessApi.addOwner(channel.id, e.target.value))}>
            <option value="">Choose a member…</option>
            {others.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </section>
  );
}
