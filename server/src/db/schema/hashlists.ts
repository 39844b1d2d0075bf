/** Tables owned by the hash-list domain (`services/hashlists`, migration 018). */

/** The kinds of signal a hash list holds (lowercase hex values: PDQ 64, MD5 32, SHA-256 64 digits). */
export type SignalType = 'pdq' | 'md5' | 'sha256';

/** `hash_lists`: one imported list; `pdq_threshold` = largest PDQ Hamming distance that matches. */
export interface HashListsTable {
  id: string;
  name: string;
  pdq_threshold: number;
  entries: number;
  created_by: string;
  created_at: string;
}

/** `hash_list_entries`: the signals of a list, unique per (list, type, value). */
export interface HashListEntriesTable {
  list_id: string;
  signal_type: SignalType;
  value: string;
}

export interface HashListTables {
  hash_lists: HashListsTable;
  hash_list_entries: HashListEntriesTable;
}
