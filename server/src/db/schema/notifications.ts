/** Tables of notifications (migration 022). Timestamps are ISO-8601 UTC strings. */

/** A notification level: every message, mentions (and DMs) only, or nothing. */
export type NotificationLevel = 'all' | 'mentions' | 'nothing';

/** `notification_defaults`: a person's defaults (absent row = `mentions`, e-mail on). */
export interface NotificationDefaultsTable {
  user_id: string;
  level: NotificationLevel;
  /** 1 = e-mail for mentions and DMs while away. */
  email: number;
  updated_at: string;
}

/** `channel_notification_settings`: per (channel, person); `level` null = the person's default. */
export interface ChannelNotificationSettingsTable {
  channel_id: string;
  user_id: string;
  level: NotificationLevel | null;
  muted: number;
  updated_at: string;
}

/** Why a notification exists. */
export type NotificationKind = 'mention' | 'dm' | 'message';

/** E-mail state of one notification. */
export type EmailState = 'none' | 'pending' | 'sent' | 'skipped' | 'failed';

/** `notifications`: one per (person, message); `body` holds entity labels, never a value or token id. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  channel_id: string;
  message_id: string;
  author_id: string;
  kind: NotificationKind;
  body: string;
  created_at: string;
  read_at: string | null;
  email_state: EmailState;
  /** `events.seq` of its `notification.created` event (rewritten on withdrawal). */
  event_seq: number | null;
}

/** `notification_email_batches`: one unsent batch per person at most; `done_at` set once sent or dropped. */
export interface NotificationEmailBatchesTable {
  id: string;
  user_id: string;
  due_at: string;
  attempts: number;
  /** A short code (`smtp_5xx`, `smtp_4xx`, `network`…), never an address. */
  last_error: string | null;
  done_at: string | null;
  /** `sent` | `empty` | `active` | `failed`. */
  outcome: string | null;
  created_at: string;
}

/** `workspace_settings`: key → JSON value (changed by privacy officers, audited). */
export interface WorkspaceSettingsTable {
  key: string;
  value: string;
  updated_by: string;
  updated_at: string;
}

export interface NotificationTables {
  notification_defaults: NotificationDefaultsTable;
  channel_notification_settings: ChannelNotificationSettingsTable;
  notifications: NotificationsTable;
  notification_email_batches: NotificationEmailBatchesTable;
  workspace_settings: WorkspaceSettingsTable;
}
