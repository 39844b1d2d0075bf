/**
 * Pin changes from the stream (`pin.added` / `pin.removed`), told to the views that show pins (the
 * channel details pane, the message actions) so they reload. Ids only; nothing is stored here.
 */
type Listener = (channelId: string) => void;

const listeners = new Set<Listener>();

/** Tells every listener that the pins of `channelId` changed. */
export function notifyPinChange(channelId: string): void {
  for (const l of listeners) l(channelId);
}

/** Calls `fn` on each pin change; returns the unsubscribe function. */
export function onPinChange(fn: Listener): () => void {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
}
