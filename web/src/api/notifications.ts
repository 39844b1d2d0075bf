/**
 * Notifications API (docs/api.md "Notifications"): the in-app list, read marks, the person's
 * defaults and per-channel settings. Bodies carry protected items as words, never a value.
 */
import { request } from './client.ts';

/** How much a channel notifies. */
export type NotificationLevel = 'all' | 'mentions' | 'nothing';

/** One notification. */
export interface AppNotification {
  id: string;
  kind: 'mention' | 'dm' | 'message';
  channelId: string;
  /** Null for DMs. */
  channelName: string | null;
  messageId: string;
  threadRootId: string | null;
  authorId: string;
  authorName: string;
  /** The message text with protected items as words ("an e-mail address"). */
  body: string;
  createdAt: string;
  read: boolean;
}

/** `GET /notifications`. */
export interface NotificationPage {
  notifications: AppNotification[];
  unread: number;
  hasMore: boolean;
}

/** A person's defaults. */
export interface NotificationDefaults {
  level: NotificationLevel;
  email: boolean;
}

/** A channel's settings; `level: null` follows the default. */
export interface ChannelNotificationSettings {
  channelId: string;
  level: NotificationLevel | null;
  muted: boolean;
  effectiveLevel: NotificationLevel;
}

const enc = encodeURIComponent;

export const notificationsApi = {
  list: (before?: string) => request<NotificationPage>('GET', `/notifications${before ? `?before=${enc(before)}` : ''}`),
  read: (which: { ids: string[] } | { all: true }) => request<{ updated: number }>('POST', '/notifications/read', which),
  defaults: () => request<NotificationDefaults>('GET', '/notifications/settings'),
  setDefaults: (patch: Partial<NotificationDefaults>) => request<NotificationDefaults>('PUT', '/notifications/settings', patch),
  channel: (id: string) => request<ChannelNotificationSettings>('GET', `/channels/${enc(id)}/notification-settings`),
  setChannel: (id: string, patch: { level?: NotificationLevel | null; muted?: boolean }) =>
    request<ChannelNotificationSettings>('PUT', `/channels/${enc(id)}/notification-settings`, patch),
};

/** The permalink a notification opens: `/c/:channel/m/:message`. */
export function notificationLink(n: Pick<AppNotification, 'channelId' | 'messageId'>): string {
  return `/c/${enc(n.channelId)}/m/${enc(n.messageId)}`;
}

/** A one-line title: `Ada mentioned you in #team`, `Ada sent you a message`, `Ada in #team`. */
export function notificationTitle(n: Pick<AppNotification, 'kind' | 'authorName' | 'channelName'>): string {
  if (n.kind === 'dm') return `${n.authorName} sent you a message`;
  const where = `#${n.channelName ?? 'channel'}`;
  return n.kind === 'mention' ? `${n.authorName} mentioned you in ${where}` : `${n.authorName} in ${where}`;
}
