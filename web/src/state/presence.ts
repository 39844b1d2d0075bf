/**
 * Presence upkeep for a signed-in session: reports the caller as `away` after
 * {@link IDLE_MS} without input or while the tab is hidden (`active` again on input), and
 * reloads everyone's presence every {@link POLL_MS}. Returns the stop function.
 */
import { usersApi } from '../api/endpoints.ts';
import type { ChatStore } from './chat-store.ts';

/** No keyboard, pointer or touch input for this long → away, ms. */
export const IDLE_MS = 5 * 60_000;
/** How often everyone's presence is reloaded, ms. */
export const POLL_MS = 30_000;

/** Starts presence upkeep; returns the stop function. */
export function trackPresence(store: ChatStore): () => void {
  let lastInput = Date.now();
  let reported: 'active' | 'away' | null = null;
  const report = (): void => {
    const status = document.visibilityState === 'hidden' || Date.now() - lastInput > IDLE_MS ? 'away' : 'active';
    if (status === reported) return;
    reported = status;
    void usersApi.setPresence(status).catch(() => (reported = null));
  };
  const onInput = (): void => {
    lastInput = Date.now();
    if (reported === 'away') report();
  };
  const events = ['keydown', 'pointerdown', 'touchstart'] as const;
  for (const e of events) window.addEventListener(e, onInput, { passive: true });
  document.addEventListener('visibilitychange', report);
  const timer = setInterval(() => {
    report();
    void store.reloadPresence().catch(() => undefined);
  }, POLL_MS);
  // First figures soon after the stream opens (its socket is what makes us "online").
  const first = setTimeout(() => {
    report();
    void store.reloadPresence().catch(() => undefined);
  }, 1500);
  return () => {
    clearInterval(timer);
    clearTimeout(first);
    for (const e of events) window.removeEventListener(e, onInput);
    document.removeEventListener('visibilitychange', report);
  };
}
