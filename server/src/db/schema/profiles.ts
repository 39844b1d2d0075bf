/** Staff profiles (migration 024). Timestamps are ISO-8601 UTC strings; '' = not set. */

/** `user_profiles`: one row per person who set anything (absent = all defaults). */
export interface UserProfilesTable {
  user_id: string;
  /** Shown instead of the account name when not ''. */
  display_name: string;
  title: string;
  team: string;
  /** An IANA time-zone name (`Europe/Berlin`), validated by `Intl`. */
  time_zone: string;
  status_text: string;
  /** One validated emoji sequence, or ''. */
  status_emoji: string;
  /** Object-store key of the encrypted avatar (square WebP), null = none (initials). */
  avatar_key: string | null;
  avatar_wrapped_key: Buffer | null;
  avatar_kek_id: string | null;
  avatar_mime: string | null;
  /** When the avatar last changed (also its cache-busting version). */
  avatar_updated_at: string | null;
  updated_at: string;
}

export interface ProfileTables {
  user_profiles: UserProfilesTable;
}
