/** Message row → API JSON (PRODUCT.md message shape plus `replyCount`, `lastReplyAt`, `mentions`). */
import type { Selectable } from 'kysely';
import type { MessagesTable } from '../db/schema/chat.ts';
import type { MessageEntity } from '../services/chat/guard.ts';
import type { ReactionJson } from '../services/chat/reactions.ts';

/** An attached file as the API shows it (issue 11); `name` already passed the guard. */
export interface FileJson {
  id: string;
  name: string;
  mime: string;
  /** Bytes. */
  size: number;
  status: 'processing' | 'ready' | 'blocked' | 'quarantined';
  width?: number;
  height?: number;
  /** The served copy is blurred (text with personal data, or faces); see `blurReasons`. */
  blurred?: boolean;
  /**
   * Why, when `blurred`: `text` (personal data in the image's text; revealable with a justification)
   * and/or `face` (faces; revealed only in case rooms).
   */
  blurReasons?: Array<'text' | 'face'>;
  /** Placeholders in `name`. */
  nameEntities?: MessageEntity[];
}

/** The API message. Offsets in `entities` are UTF-16 code units into `text`, end-exclusive. */
export interface MessageJson {
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
  replyCount: number;
  lastReplyAt: string | null;
  mentions: string[];
  /** Attachments; absent on messages without files. */
  files?: FileJson[];
  /** Emoji reactions: in history pages and single-message answers (events carry `reaction.*` instead). */
  reactions?: ReactionJson[];
}

/**
 * `clientMsgId` is opaque to the server and never scanned, so it is confined to a charset that
 * cannot carry an e-mail, a spaced name or an IP address: letters, digits, `_`, `-`; 1–64.
 */
export const CLIENT_MSG_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const SAFE_CLIENT_MSG_ID = new RegExp(CLIENT_MSG_ID_PATTERN);

/** Presents one stored message. Deleted messages carry empty `text`, `entities` and `mentions`. */
export function presentMessage(row: Selectable<MessagesTable>): MessageJson {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    channelId: row.channel_id,
    authorId: row.author_id,
    text: deleted ? '' : row.text,
    entities: deleted ? [] : (JSON.parse(row.entities) as MessageEntity[]),
    threadRootId: row.thread_root_id,
    // Rows stored before the charset rule: an id outside it is not shown.
    clientMsgId: row.client_msg_id !== null && SAFE_CLIENT_MSG_ID.test(row.client_msg_id) ? row.client_msg_id : null,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyCount: row.reply_count,
    lastReplyAt: row.last_reply_at,
    mentions: deleted ? [] : (JSON.parse(row.mentions) as string[]),
    ...(row.files !== null && !deleted ? { files: JSON.parse(row.files) as FileJson[] } : {}),
  };
}
