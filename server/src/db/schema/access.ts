/** Need-to-know tables (migration 007): token carriers, channel owners and settings, role requests, reveal reviews. */

/** `message_tokens`: a live, current message carries this vault token. PK (message_id, token). */
export interface MessageTokensTable {
  message_id: string;
  token: string;
  channel_id: string;
  /** When the token first appeared in this message (its post or the edit that added it). */
  created_at: string;
}

/** `channel_owners`: owners of a channel besides its creator (`channels.created_by`). */
export interface ChannelOwnersTable {
  channel_id: string;
  user_id: string;
  added_by: string;
  added_at: string;
}

/** `channel_settings`: per-channel access settings (absent row = defaults). */
export interface ChannelSettingsTable {
  channel_id: string;
  /** `members` (default: any member may add people) | `owners` (only owners may). */
  add_members: string;
  updated_by: string;
  updated_at: string;
}

/** `role_requests`: a role grant (privacy officer) waiting for a second approver. */
export interface RoleRequestsTable {
  id: string;
  user_id: string;
  role: string;
  requested_by: string;
  requested_at: string;
  /** `pending` | `approved` | `rejected`. */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
}

/** `reveal_reviews`: a flagged reveal waiting for a different privacy officer's sign-off. */
export interface RevealReviewsTable {
  id: string;
  /** `seq` of the reveal's audit event. */
  audit_seq: number;
  revealer_id: string;
  token: string;
  /** `privacy_officer` | `shared_before_joined`. */
  reason: string;
  created_at: string;
  reviewed_by: string | null;
  reviewed_at: string | null;
  /** The reviewer's note, personal data replaced by placeholders. */
  note: string | null;
}

export interface AccessTables {
  message_tokens: MessageTokensTable;
  channel_owners: ChannelOwnersTable;
  channel_settings: ChannelSettingsTable;
  role_requests: RoleRequestsTable;
  reveal_reviews: RevealReviewsTable;
}
