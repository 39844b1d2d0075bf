/** "Pin" / "Unpin" and "Save" / "Unsave" among a message's actions (issue 12). */
import { useState } from 'react';
import { errorText } from '../api/client.ts';
import type { Message } from '../api/types.ts';
import { setPinned, setSaved, useMarks } from '../state/marks.ts';

/** The two buttons for `message`; `onError` shows a failure (e.g. 409 `channel_archived`). */
export function MessageMarkButtons({ message, onError }: { message: Message; onError: (text: string) => void }) {
  const marks = useMarks();
  const [busy, setBusy] = useState(false);
  const pinned = (marks.pins.get(message.channelId) ?? []).some((p) => p.message.id === message.id);
  const saved = marks.saved.has(message.id);
  const run = (fn: () => Promise<void>) => {
    setBusy(true);
    fn()
      .catch((err: unknown) => onError(errorText(err)))
      .finally(() => setBusy(false));
  };
  return (
    <>
      <button type="button" disabled={busy} aria-pressed={pinned} onClick={() => run(() => setPinned(message.channelId, message.id, !pinned))}>
        {pinned ? 'Unpin' : 'Pin'}
      </button>
      <button type="button" disabled={busy} aria-pressed={saved} onClick={() => run(() => setSaved(message.id, !saved))}>
        {saved ? 'Unsave' : 'Save'}
      </button>
    </>
  );
}
