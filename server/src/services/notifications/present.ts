/** Notification row → API JSON (docs/api.md "Notifications"): labels only, never a value or token id. */
import type { Selectable } from 'kysely';
import type { NotificationKind, NotificationsTable } from '../../db/schema/notifications.ts';

/** A notification as the API and the stream show it. */
export interface NotificationJson {
  id: string;
  kind: NotificationKind;
  channelId: string;
  /** `#name` for channels; null for DMs. */
  channelName: string | null;
  messageId: string;
  /** The thread root when the message is a reply (for the permalink), else null. */
  threadRootId: string | null;
  authorId: string;
  authorName: string;
  /** The message text with protected items as words ("an e-mail address"). */
  body: string;
  createdAt: string;
  read: boolean;
}

/** Facts from other tables that a notification shows. */
export interface NotificationContext {
  channelName: string | null;
  authorName: string;
  threadRootId: string | null;
}

/** Presents one row. */
export function presentNotification(row: Selectable<NotificationsTable>, c: NotificationContext): NotificationJson {
  return {
    id: row.id,
    kind: row.kind,
    channelId: row.channel_id,
    channelName: c.channelName,
    messageId: row.message_id,
    threadRootId: c.threadRootId,
    authorId: row.author_id,
    authorName: c.authorName,
    body: row.body,
    createdAt: row.created_at,
    read: row.read_at !== null,
  };
}
