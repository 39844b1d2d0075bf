/**
 * Per-channel notification settings (issue 12), opened from the channel header: follow the
 * default, every message, mentions only, nothing; and mute.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../api/client.ts';
import { notificationsApi, type ChannelNotificationSettings, type NotificationLevel } from '../api/notifications.ts';
import { Dialog } from './dialog.tsx';

const CHOICES: Array<{ value: NotificationLevel | null; label: string }> = [
  { value: null, label: 'Use my default' },
  { value: 'all', label: 'Every message' },
  { value: 'mentions', label: 'Mentions and direct messages' },
  { value: 'nothing', label: 'Nothing' },
];

/** The header button and its dialog. */
export function ChannelNotificationButton({ channelId }: { channelId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="channel-notif-button" onClick={() => setOpen(true)}>
        Channel notifications
      </button>
      {open && <ChannelNotificationDialog channelId={channelId} onClose={() => setOpen(false)} />}
    </>
  );
}

function ChannelNotificationDialog({ channelId, onClose }: { channelId: string; onClose: () => void }) {
  const [s, setS] = useState<ChannelNotificationSettings | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    notificationsApi.channel(channelId).then(setS, (e: unknown) => setError(errorText(e)));
  }, [channelId]);
  const save = (patch: { level?: NotificationLevel | null; muted?: boolean }) =>
    notificationsApi.setChannel(channelId, patch).then(setS, (e: unknown) => setError(errorText(e)));
  return (
    <Dialog title="Channel notifications" onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {s && (
        <form onSubmit={(e) => e.preventDefault()}>
          <fieldset>
            <legend>Notify me about</legend>
            {CHOICES.map((c) => (
              <label key={c.label} className="row">
                <input type="radio" name="level" checked={s.level === c.value} onChange={() => void save({ level: c.value })} />
                {c.label}
                {c.value === null && <span className="muted small"> (now: {s.effectiveLevel === 'all' ? 'every message' : s.effectiveLevel})</span>}
              </label>
            ))}
          </fieldset>
          <label className="row">
            <input type="checkbox" checked={s.muted} onChange={(e) => void save({ muted: e.target.checked })} />
            Mute this channel
          </label>
          <div className="row">
            <button type="button" className="primary" onClick={onClose}>
              Done
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
