/**
 * A request, from anywhere in the app (e.g. a blocked-message notice), to open the workspace's
 * create-channel dialog with "private" preselected. A DOM event on `window`, so the composer does
 * not need a callback threaded through every screen.
 */
const EVENT = 'enclave:create-private-channel';

/** Asks the workspace page to open the create-channel dialog (private). */
export function requestCreatePrivateChannel(): void {
  window.dispatchEvent(new Event(EVENT));
}

/** Calls `handler` on each request; returns the unsubscribe function. */
export function onCreatePrivateChannelRequest(handler: () => void): () => void {
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
