/**
 * The in-app notification list of a session (issue 12): loaded once, kept live from the stream
 * (`notification.created` / `notification.withdrawn`), read marks sent to the server. When the
 * person allowed browser notifications and the tab is hidden, a new one also shows through the
 * Notification API — its text is the notification's body: protected items as words, never a value.
 */
import { notificationsApi, notificationLink, notificationTitle, type AppNotification } from '../api/notifications.ts';
import type { NotificationEvent } from '../api/types.ts';
import { navigate } from '../router.ts';

/** What the bell shows. */
export interface NotificationState {
  items: AppNotification[];
  unread: number;
  loaded: boolean;
}

/** Largest number of notifications kept in memory. */
const KEEP = 200;

/** A small external store (React reads it with `useSyncExternalStore`). */
export class NotificationStore {
  private state: NotificationState = { items: [], unread: 0, loaded: false };
  private readonly listeners = new Set<() => void>();

  /** Current state (a new object after each change). */
  get = (): NotificationState => this.state;

  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  private set(next: Partial<NotificationState>): void {
    this.state = { ...this.state, ...next };
    for (const fn of this.listeners) fn();
  }

  /** Loads the newest page. */
  async load(): Promise<void> {
    const page = await notificationsApi.list();
    this.set({ items: page.notifications, unread: page.unread, loaded: true });
  }

  /** Applies a stream event. */
  apply(ev: NotificationEvent): void {
    if (ev.type === 'notification.created') {
      const n = ev.notification;
      const prior = this.state.items.find((i) => i.id === n.id);
      const items = [n, ...this.state.items.filter((i) => i.id !== n.id)].sort((a, b) => (a.id < b.id ? 1 : -1)).slice(0, KEEP);
      this.set({ items, unread: this.state.unread + (prior || n.read ? 0 : 1) });
      if (!prior) showBrowserNotification(n);
    } else {
      const gone = this.state.items.find((i) => i.id === ev.notificationId);
      if (!gone) return;
      this.set({ items: this.state.items.filter((i) => i.id !== ev.notificationId), unread: Math.max(0, this.state.unread - (gone.read ? 0 : 1)) });
    }
  }

  /** Marks some (or all) read, here and on the server. */
  async markRead(ids: string[] | 'all'): Promise<void> {
    const unreadIds = ids === 'all' ? null : ids.filter((id) => this.state.items.some((i) => i.id === id && !i.read));
    if (unreadIds && unreadIds.length === 0) return;
    const hit = (i: AppNotification) => unreadIds === null || unreadIds.includes(i.id);
    this.set({ items: this.state.items.map((i) => (hit(i) ? { ...i, read: true } : i)), unread: unreadIds === null ? 0 : Math.max(0, this.state.unread - unreadIds.length) });
    await notificationsApi.read(unreadIds === null ? { all: true } : { ids: unreadIds });
  }
}

/** Whether the browser can show notifications and the person allowed it. */
export function browserNotificationsAllowed(): boolean {
  return typeof Notification !== 'undefined' && Notification.permission === 'granted';
}

function showBrowserNotification(n: AppNotification): void {
  if (!browserNotificationsAllowed() || document.visibilityState === 'visible') return;
  // Title and body are names and the labelled body only; `tag` keeps one per message.
  const shown = new Notification(notificationTitle(n), { body: n.body, tag: n.id });
  shown.onclick = () => {
    window.focus();
    navigate(notificationLink(n));
    shown.close();
  };
}
