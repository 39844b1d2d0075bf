/**
 * Tables of the media domain (issue 11, migrations 016–017). Timestamps are ISO-8601 UTC strings.
 */

/** A file's processing state as the API shows it. */
export type FileStatus = 'processing' | 'ready' | 'blocked' | 'quarantined';

/** `media_files`: one uploaded file; its bytes live encrypted in the object store. */
export interface MediaFilesTable {
  id: string;
  /** The message it is attached to (set when the message is posted). */
  message_id: string | null;
  channel_id: string;
  uploader_id: string;
  /** The file name after the guard (placeholders in place of personal data). */
  name: string;
  /** JSON `[{ entityType, start, end, token }]` of `name`. */
  name_entities: string;
  /** Real type from the bytes (the served copy's type once processed). */
  mime: string;
  /** Bytes: of the original while processing, of the served copy once ready. */
  size: number;
  status: FileStatus;
  /** Why a file is `blocked` (e.g. `invalid_image`, `personal_data_blocked`, `processing_failed`). */
  reason: string | null;
  width: number | null;
  height: number | null;
  /** 1 when the served copy is blurred (text with personal data, or faces); the clear copy (if any) needs a reveal. */
  blurred: number;
  /** JSON `["text" | "face", …]`: why the file is blurred (migration 025; null for older rows, which were blurred for text). */
  blur_reasons: string | null;
  /** Hex digests of the original bytes; `pdq` 64 hex of the displayed image. */
  sha256: string | null;
  md5: string | null;
  pdq: string | null;
  pdq_quality: number | null;
  /** The per-file AES-256-GCM key, wrapped by the vault's master key (`kek_id`). */
  wrapped_key: Buffer;
  kek_id: string;
  /** Object-store keys: the original (never served to members), the served copy, the clear copy of a blurred file. */
  original_key: string | null;
  served_key: string | null;
  clear_key: string | null;
  /** OCR text after the guard (placeholders, never raw values) and its entities JSON. */
  ocr_text: string | null;
  ocr_entities: string | null;
  created_at: string;
  updated_at: string;
}

/** `media_jobs`: the processing queue; a job is due when `done_at` is null and `run_at` passed. */
export interface MediaJobsTable {
  id: string;
  file_id: string;
  attempts: number;
  run_at: string;
  /** Error code of the last failed attempt (never a message with data). */
  last_error: string | null;
  done_at: string | null;
  created_at: string;
}

/** `media_quarantine`: a file that matched a hash list, and the specialist's decision. */
export interface MediaQuarantineTable {
  file_id: string;
  /** JSON `[{ listId, signal, distance }]`. */
  matches: string;
  /** `confirmed` | `false_match` | null while pending. */
  decision: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
}

/** `media_unblur_grants`: a specialist may see one quarantined image unblurred until `expires_at`. */
export interface MediaUnblurGrantsTable {
  file_id: string;
  user_id: string;
  expires_at: string;
}

export interface MediaTables {
  media_files: MediaFilesTable;
  media_jobs: MediaJobsTable;
  media_quarantine: MediaQuarantineTable;
  media_unblur_grants: MediaUnblurGrantsTable;
}
