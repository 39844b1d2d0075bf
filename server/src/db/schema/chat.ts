/**
 * Tables owned by the chat foundation: roles, users, sessions, API tokens, channels, members,
 * messages (+ versions, mentions) and the global `events` log read by the stream.
 * Timestamps are ISO-8601 UTC strings (`2026-01-01T00:00:00.000Z`); booleans are 0/1 integers.
 */
import type { Generated } from 'kysely';

/** `roles`: data-driven role names (admin, agent, privacy_officer, lead, specialist, …). */
export interface RolesTable {
  name: string;
  description: string;
  created_at: string;
}

/** `users`: staff accounts. `email` is stored lower-cased and unique. */
export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  /** argon2id PHC string; null when the account has no password yet. */
  password_hash: string | null;
  active: number;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  /** 1 while the password is an admin-issued temporary one (migration 008). */
  must_change_password: number;
}

/** `sessions`: browser sessions; only the SHA-256 of the cookie value is stored. */
export interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  csrf_token: string;
  user_agent: string | null;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

/** `api_tokens`: bearer tokens for scripts; only the SHA-256 of the token is stored. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/** `channels`: public/private channels and DMs (`kind = 'dm'`, `dm_key` = sorted member ids). */
export interface ChannelsTable {
  id: string;
  name: string;
  /** Lower-cased name, unique among `kind = 'channel'`. */
  name_key: string | null;
  visibility: string;
  kind: string;
  topic: string;
  dm_key: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
}

/** `channel_members`: who belongs to which channel, and their read position. */
export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  joined_at: string;
  last_read_message_id: string | null;
}

/** `messages`: `pk` is an integer row key (FTS5 rowid); `id` is the public ULID. */
export interface MessagesTable {
  pk: Generated<number>;
  id: string;
  channel_id: string;
  author_id: string;
  text: string;
  /** JSON array of `{ entityType, start, end, token }`. */
  entities: string;
  /** JSON array of mentioned user ids. */
  mentions: string;
  thread_root_id: string | null;
  client_msg_id: string | null;
  reply_count: number;
  last_reply_at: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** JSON array of the attached files as the API shows them (migration 016), null without files. */
  files: string | null;
}

/** `message_versions`: every stored text of a message, oldest first (edit history). */
export interface MessageVersionsTable {
  id: string;
  message_id: string;
  text: string;
  entities: string;
  edited_at: string;
}

/** `message_mentions`: one row per (message, mentioned user), for mention counts. */
export interface MessageMentionsTable {
  message_id: string;
  channel_id: string;
  user_id: string;
}

/** `events`: the global stream log; `seq` is the stream cursor. */
export interface EventsTable {
  seq: Generated<number>;
  /** Delivered to this channel's members (null: only to `user_id`). */
  channel_id: string | null;
  /** Also delivered to this user (e.g. the member just removed). */
  user_id: string | null;
  /** The message the event is about (so a deletion can scrub earlier payloads). */
  message_id: string | null;
  type: string;
  /** JSON of the event frame without `seq`. */
  payload: string;
  created_at: string;
}

/** `events_pruned`: per stream scope (`channel:<id>`, `user:<id>`), the highest seq pruned from `events`. */
export interface EventsPrunedTable {
  scope: string;
  up_to_seq: number;
  pruned_at: string;
}

export interface ChatTables {
  roles: RolesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  messages: MessagesTable;
  message_versions: MessageVersionsTable;
  message_mentions: MessageMentionsTable;
  events: EventsTable;
  events_pruned: EventsPrunedTable;
}
