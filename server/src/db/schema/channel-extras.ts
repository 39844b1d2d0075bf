/** Tables of channel details, pins, saved items and hidden DMs (migration 023). Timestamps are ISO-8601 UTC strings. */

/** `channel_details`: per channel, the description and archive state (absent row: no description, not archived). */
export interface ChannelDetailsTable {
  channel_id: string;
  /** Passed the personal-data guard like the topic; at most 1,000 characters. */
  description: string;
  /** Set while the channel is archived (read-only). */
  archived_at: string | null;
  archived_by: string | null;
  updated_at: string;
}

/** `message_pins`: one row per pinned message (a message is pinned at most once). */
export interface MessagePinsTable {
  message_id: string;
  channel_id: string;
  pinned_by: string;
  pinned_at: string;
}

/** `saved_items`: one row per (person, saved message). */
export interface SavedItemsTable {
  user_id: string;
  message_id: string;
  saved_at: string;
}

/** `channel_hidden`: DMs a person hid from their list (shown again when a newer message arrives). */
export interface ChannelHiddenTable {
  user_id: string;
  channel_id: string;
  hidden_at: string;
}

export interface ChannelExtraTables {
  channel_details: ChannelDetailsTable;
  message_pins: MessagePinsTable;
  saved_items: SavedItemsTable;
  channel_hidden: ChannelHiddenTable;
}
