/**
 * Shapes of the Enclave HTTP API as the web app sees them.
 * Source: `docs/api.md` and PRODUCT.md ("Interfaces that stay stable").
 * Ids are opaque ULID strings that sort by creation time; times are ISO-8601 strings.
 */

import type { AppNotification } from './notifications.ts';

/** The caller, from `GET /api/v1/me`. */
export interface Me {
  id: string;
  email: string;
  name: string;
  role: string;
  /** True while the password is a temporary one an admin issued: only a password change is allowed. */
  mustChangePassword?: boolean;
}

/** A staff account, from `GET /api/v1/users`. */
export interface User extends Me {
  active: boolean;
  createdAt: string;
}

/** A role row, from `GET /api/v1/roles`. */
export interface Role {
  name: string;
  description: string;
}

/** A channel or direct-message conversation. */
export interface Channel {
  id: string;
  name: string;
  visibility: 'public' | 'private';
  kind: 'channel' | 'dm';
  topic: string | null;
  createdAt: string;
  memberCount: number;
  isMember: boolean;
  unreadCount: number;
  mentionCount: number;
  lastMessageAt: string | null;
  /**
   * Privacy class (PRODUCT.md "Channel classes"): decides the default policy per entity type and
   * whether reveals are possible (never in `broad`). Absent from servers before protection.
   */
  class?: ChannelClass;
  /** Longer text for the details pane ('' when none). */
  description?: string;
  /** Archived channels are read-only (posting answers 409 `channel_archived`). */
  archived?: boolean;
  archivedAt?: string | null;
}

/** A channel's privacy class. */
export type ChannelClass = 'case_room' | 'team' | 'broad';

/** A member row, from `GET /api/v1/channels/:id/members`. */
export interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
  joinedAt: string;
}

/**
 * A protected span of a message's stored text: `start`/`end` are UTF-16 code-unit offsets,
 * half-open, into `Message.text`; `token` is the vault token used to reveal the value.
 */
export interface MessageEntity {
  entityType: string;
  start: number;
  end: number;
  token: string;
}

/** A file attached to a message (issue 11); `name` already passed the privacy guard. */
export interface FileInfo {
  id: string;
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  status: 'processing' | 'ready' | 'blocked' | 'quarantined';
  width?: number;
  height?: number;
  /** The served copy is blurred (text with personal data, or faces): the clear one needs a justified reveal. */
  blurred?: boolean;
  /** Why it is blurred: `text` (personal data in the image's text) and/or `face` (faces; revealed only in case rooms). */
  blurReasons?: Array<'text' | 'face'>;
}

/** A chat message. `deletedAt` set means soft-deleted (text empty). */
export interface Message {
  id: string;
  channelId: string;
  authorId: string;
  text: string;
  entities: MessageEntity[];
  threadRootId: string | null;
  clientMsgId: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  replyCount?: number;
  lastReplyAt?: string | null;
  mentions?: string[];
  /** Attachments (absent on messages without files). */
  files?: FileInfo[];
  /** Emoji reactions (history and single-message answers; kept up to date by `reaction.*` events). */
  reactions?: Reaction[];
}

/** One emoji's reactions on a message: how many, and who (oldest first, at most 50 listed). */
export interface Reaction {
  emoji: string;
  count: number;
  userIds: string[];
}

/** One version of an edited message (`GET /api/v1/messages/:id/history`). */
export interface MessageVersion {
  text: string;
  entities: MessageEntity[];
  editedAt: string | null;
}

/** A page of messages, oldest first. */
export interface MessagePage {
  messages: Message[];
  hasMore: boolean;
}

/** One search hit. */
export interface SearchResult {
  message: Message;
  channelName: string;
}

/** A sign-in session of the caller. */
export interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  current: boolean;
}

/** An API token's metadata (the secret itself is shown once at creation). */
export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

/** Server → client stream frame (`GET /api/v1/stream`). */
export type StreamEvent =
  | { type: 'hello'; seq: number }
  | { type: 'pong' }
  | { type: 'reset' }
  | {
      type:
        | 'message.created'
        | 'message.updated'
        | 'message.deleted'
        | 'channel.created'
        | 'channel.updated'
        | 'channel.member_added'
        | 'channel.member_removed'
        | 'channel.read';
      seq: number;
      channelId?: string;
      message?: Message;
      channel?: Channel;
      userId?: string;
    }
  | ReactionEvent
  | PinEvent
  | TypingFrame
  | PrivacyAlertEvent
  | NotificationEvent;

/**
 * A notification for the caller (issue 12): `created` carries it (labels, never a value);
 * `withdrawn` removes it (message deleted, edited, quarantined, channel left).
 */
export type NotificationEvent =
  | { type: 'notification.created'; seq: number; notification: AppNotification }
  | { type: 'notification.withdrawn'; seq: number; notificationId: string; messageId: string };

/** `messageId` was pinned or unpinned in `channelId` (`userId` null when the message was deleted). Ids only. */
export interface PinEvent {
  type: 'pin.added' | 'pin.removed';
  seq: number;
  channelId: string;
  messageId: string;
  userId: string | null;
}

/** Ephemeral (no `seq`, never replayed): `userId` is typing in `channelId`. Never carries text. */
export interface TypingFrame {
  type: 'typing';
  channelId: string;
  userId: string;
}

/** `userId` added or removed `emoji` on `messageId` (to the channel's members). */
export interface ReactionEvent {
  type: 'reaction.added' | 'reaction.removed';
  seq: number;
  channelId: string;
  messageId: string;
  userId: string;
  emoji: string;
}

/**
 * An alert to privacy officers (only sent to them): `reveal_rate_limit` = `userId` went over the
 * reveal rate limit. Carries who and what kind, never a value or token.
 */
export interface PrivacyAlertEvent {
  type: 'privacy.alert';
  seq: number;
  alert: string;
  userId: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** The sequenced events (every frame except hello/pong/reset). */
export type SequencedEvent = Extract<StreamEvent, { seq: number; type: `${string}.${string}` }>;

/** `POST /api/v1/auth/logout-all`: what "sign out everywhere" ended. */
export interface LogoutAllResult {
  sessionsEnded: number;
  apiTokensEnded: number;
}
