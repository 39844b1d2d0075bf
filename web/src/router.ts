/**
 * A tiny History-API router: the current path as React state and `navigate()`.
 * Paths used: `/setup`, `/signin`, `/`, `/c/:channelId`, `/c/:channelId/m/:messageId` (a message's
 * permalink), `/admin`, `/account`.
 */
import { useSyncExternalStore, type MouseEvent } from 'react';

const EVENT = 'enclave:navigate';

function subscribe(cb: () => void): () => void {
  window.addEventListener('popstate', cb);
  window.addEventListener(EVENT, cb);
  return () => {
    window.removeEventListener('popstate', cb);
    window.removeEventListener(EVENT, cb);
  };
}

/** The current `location.pathname`, re-rendering on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Goes to `path` (same origin) without a page load; `replace` swaps the history entry. */
export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search + window.location.hash) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(EVENT));
}

/** Click handler for `<a href>` that routes in-app for plain left clicks. */
export function linkClick(path: string): (e: MouseEvent<HTMLAnchorElement>) => void {
  return (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}

/** The channel id in `/c/:id` (or a permalink `/c/:id/m/:messageId`), else `null`. */
export function channelIdFromPath(path: string): string | null {
  const m = /^\/c\/([^/]+)(?:\/m\/[^/]+)?\/?$/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** The message id of a permalink `/c/:channelId/m/:messageId`, else `null`. */
export function messageIdFromPath(path: string): string | null {
  const m = /^\/c\/[^/]+\/m\/([^/]+)\/?$/.exec(path);
  return m?.[1] ? decodeURIComponent(m[1]) : null;
}

/** The permalink path of a message. */
export function permalinkPath(channelId: string, messageId: string): string {
  return `/c/${encodeURIComponent(channelId)}/m/${encodeURIComponent(messageId)}`;
}
