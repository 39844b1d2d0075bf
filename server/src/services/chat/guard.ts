/**
 * The message guard: every message text passes `protect` inside the create/edit transaction,
 * before it is stored, indexed or published. The privacy work supplies a real guard; the
 * default passes text through unchanged.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** A protected span of the stored text: UTF-16 code unit offsets, end-exclusive, and its vault token. */
export interface MessageEntity {
  entityType: string;
  start: number;
  end: number;
  token: string;
}

/** Input of {@link MessageGuard.protect}; `messageId` is set on edits. */
export interface GuardInput {
  channelId: string;
  authorId: string;
  text: string;
  messageId?: string;
  /**
   * On edits: placeholders of `text` the server issued earlier for this message (spans in `text`,
   * sorted, non-overlapping, see `kept-entities.ts`). The guard keeps them as they are (same token)
   * and returns them among `entities` at their new offsets; the rest of the text is protected as usual.
   */
  keep?: MessageEntity[];
}

/**
 * Decides what of a message may be stored. May rewrite `text` (placeholders) and return
 * entities; may throw `AppError(422, 'personal_data_blocked', …, { hint, findings })`, in which
 * case the caller's transaction rolls back and nothing is stored.
 */
export interface MessageGuard {
  protect(db: Kysely<Database>, input: GuardInput): Promise<{ text: string; entities: MessageEntity[] }>;
}

/** The default guard: stores text as typed, no entities. */
export const passThroughGuard: MessageGuard = {
  async protect(_db, input) {
    return { text: input.text, entities: input.keep ?? [] };
  },
};
