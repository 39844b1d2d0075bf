/**
 * The bell (issue 12): unread count, and the in-app notification list in a panel. Each entry
 * opens its message's permalink (`/c/:channel/m/:message`) and is marked read. Browser
 * notifications are asked for from a button here (a user action, as browsers require).
 * Entries show names and the labelled body only: never a value or a token id.
 */
import { useEffect, useId, useRef, useState, useSyncExternalStore } from 'react';
import { notificationLink, notificationTitle } from '../api/notifications.ts';
import { navigate } from '../router.ts';
import type { NotificationStore } from '../state/notifications.ts';

/** Props of {@link NotificationBell}. */
export interface NotificationBellProps {
  store: NotificationStore;
}

function timeOf(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** The bell button and its panel. */
export function NotificationBell({ store }: NotificationBellProps) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const [open, setOpen] = useState(false);
  const [permission, setPermission] = useState(() => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission));
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    panel.current?.querySelector<HTMLElement>('a, button')?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    };
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!panel.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [open]);

  const label = state.unread === 0 ? 'Notifications' : `Notifications, ${state.unread} unread`;
  return (
    <div className="notif">
      <button ref={button} type="button" className="notif-bell" aria-label={label} aria-expanded={open} aria-controls={panelId} onClick={() => setOpen((o) => !o)}>
        <span aria-hidden="true">🔔</span>
        {state.unread > 0 && (
          <span className="notif-count" aria-hidden="true">
            {state.unread > 99 ? '99+' : state.unread}
          </span>
        )}
      </button>
      {open && (
        <div ref={panel} id={panelId} className="notif-panel" role="region" aria-label="Notifications">
          <div className="notif-head">
            <h2>Notifications</h2>
            <button type="button" disabled={state.unread === 0} onClick={() => void store.markRead('all').catch(() => undefined)}>
              Mark all read
            </button>
          </div>
          {permission === 'default' && (
            <button type="button" className="notif-permission" onClick={() => void Notification.requestPermission().then(setPermission)}>
              Show browser notifications
            </button>
          )}
          {state.items.length === 0 ? (
            <p className="muted">{state.loaded ? 'Nothing new.' : 'Loading…'}</p>
          ) : (
            <ul className="notif-list">
              {state.items.map((n) => (
                <li key={n.id} className={n.read ? 'read' : 'unread'} data-message-id={n.messageId}>
                  <a
                    href={notificationLink(n)}
                    onClick={(e) => {
                      e.preventDefault();
                      setOpen(false);
                      void store.markRead([n.id]).catch(() => undefined);
                      navigate(notificationLink(n));
                    }}
                  >
                    <span className="notif-title">
                      {!n.read && <span className="sr-only">Unread: </span>}
                      {notificationTitle(n)}
                    </span>
                    <span className="notif-body">{n.body}</span>
                    <time className="notif-time" dateTime={n.createdAt}>
                      {timeOf(n.createdAt)}
                    </time>
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
