/** Tables owned by the vault and the privacy guard (see `services/vault`, `services/privacy`). */
import type { Generated } from 'kysely';

/** `vault_data_keys`: one data key per scope (`subject:<id>` or `channel:<id>`), wrapped by the master key. */
export interface VaultDataKeysTable {
  scope: string;
  /** KMS-wrapped 32-byte data key; null once the scope is erased (crypto-shredded). */
  wrapped: Buffer | null;
  /** `Kms.keyId` of the key-encryption key that wrapped it; null once erased. */
  kek_id: string | null;
  created_at: string;
  erased_at: string | null;
}

/** `vault_values`: one encrypted value per token. Unique (scope, blind_index). */
export interface VaultValuesTable {
  /** `tok_` + 16 base32 characters. */
  token: string;
  scope: string;
  entity_type: string;
  /** Base64url HMAC-SHA-256 of the value under a key derived from the scope's data key. */
  blind_index: string;
  /** AES-256-GCM ciphertext (empty once erased). */
  ciphertext: Buffer;
  /** 12-byte GCM nonce. */
  iv: Buffer;
  /** 16-byte GCM tag. */
  tag: Buffer;
  created_at: string;
}

/** `vault_token_channels`: where a token was shared (for need-to-know reveal checks). PK (token, channel_id). */
export interface VaultTokenChannelsTable {
  token: string;
  channel_id: string;
  /** The first message that carried the token in that channel, if known. */
  message_id: string | null;
  created_at: string;
}

/** `privacy_policies`: privacy-officer overrides of the default policy. PK (channel_class, entity_type). */
export interface PrivacyPoliciesTable {
  /** `case_room` | `team` | `broad`. */
  channel_class: string;
  entity_type: string;
  /** `allow` | `tokenize` | `block`. */
  action: string;
  updated_by: string;
  updated_at: string;
}

/** `privacy_marks`: "not personal data" marks for one exact value in one channel (keyed hash only). */
export interface PrivacyMarksTable {
  id: string;
  channel_id: string;
  entity_type: string;
  /** Base64url keyed hash of the value (never the value). */
  value_hash: string;
  created_by: string;
  created_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  /** `pending` | `active` | `denied` | `revoked` (migration 006). */
  status: Generated<string>;
  /** The privacy officer who approved or denied the mark. */
  decided_by: string | null;
  decided_at: string | null;
}

/**
 * `vault_token_subjects`: every data subject a known value belongs to, for tokens of a value two or
 * more subjects share (the token lives in the first subject's scope). PK (token, subject_id).
 */
export interface VaultTokenSubjectsTable {
  token: string;
  subject_id: string;
}

/**
 * `privacy_generation`: one row (`id` 1) whose `gen` changes (random text, by triggers, migration
 * 027) in the transaction of every write to a fact the guard caches (see `guard-cache.ts`).
 */
export interface PrivacyGenerationTable {
  id: number;
  gen: string;
}

export interface VaultTables {
  privacy_generation: PrivacyGenerationTable;
  vault_data_keys: VaultDataKeysTable;
  vault_values: VaultValuesTable;
  vault_token_channels: VaultTokenChannelsTable;
  vault_token_subjects: VaultTokenSubjectsTable;
  privacy_policies: PrivacyPoliciesTable;
  privacy_marks: PrivacyMarksTable;
}
