/**
 * Tables of chat-history imports and incoming webhooks (migration 021). Timestamps ISO-8601 UTC.
 */

/** `import_runs`: one row per `enclave import slack` run; `counts` is JSON (no values). */
export interface ImportRunsTable {
  id: string;
  export_id: string;
  /** File name of the export (not its path). */
  source: string;
  actor: string;
  started_at: string;
  finished_at: string | null;
  counts: string;
}

/** `import_users`: Slack user → Enclave account, per export; `created` 1 when the import made it. */
export interface ImportUsersTable {
  export_id: string;
  slack_user_id: string;
  user_id: string;
  created: number;
}

/** `import_channels`: Slack conversation → Enclave channel, per export. */
export interface ImportChannelsTable {
  export_id: string;
  slack_channel_id: string;
  channel_id: string;
}

/**
 * `import_items`: one row per Slack message handled (the resume state). `status`: `imported`,
 * `skipped` (system event, empty). `reactions`: JSON `[{ name, userIds }]` (Enclave ids);
 * `files`: JSON `[{ id, mimetype, size }]` (names are in the protected message text).
 */
export interface ImportItemsTable {
  export_id: string;
  slack_channel_id: string;
  day_file: string;
  ts: string;
  message_id: string | null;
  status: string;
  reactions: string | null;
  files: string | null;
}

/** `incoming_webhooks`: Slack-compatible incoming webhooks; the URL secret is stored as its SHA-256. */
export interface IncomingWebhooksTable {
  id: string;
  secret_hash: string;
  name: string;
  channel_id: string;
  /** The (deactivated) account messages are posted as. */
  user_id: string;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
}

export interface ImportTables {
  import_runs: ImportRunsTable;
  import_users: ImportUsersTable;
  import_channels: ImportChannelsTable;
  import_items: ImportItemsTable;
  incoming_webhooks: IncomingWebhooksTable;
  sealed_carriers: SealedCarriersTable;
}

/** `sealed_carriers` (migration 026): carriers (message, token) imported where the channel would block the value; no reveal through them. */
export interface SealedCarriersTable {
  message_id: string;
  token: string;
}
