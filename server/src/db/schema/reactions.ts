/** Tables of message reactions (migration 019). Timestamps are ISO-8601 UTC strings. */

/** `message_reactions`: one row per (message, emoji, person). */
export interface MessageReactionsTable {
  message_id: string;
  user_id: string;
  /** A validated emoji sequence (pictographs, modifiers, joiners only). */
  emoji: string;
  created_at: string;
}

export interface ReactionTables {
  message_reactions: MessageReactionsTable;
}
