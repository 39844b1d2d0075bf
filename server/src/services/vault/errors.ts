/** Errors of the vault. Messages never contain values or key bytes. */

/** Why a vault operation failed: unknown token, or its scope's key was destroyed. */
export type VaultErrorCode = 'not_found' | 'erased';

/** Thrown by `reveal` (and `tokenize` into an erased scope). */
export class VaultError extends Error {
  override name = 'VaultError';
  constructor(
    readonly code: VaultErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A key-encryption key needed to unwrap a data key is not loaded (rotation half done, wrong key). */
export class KmsKeyMissingError extends Error {
  override name = 'KmsKeyMissingError';
}
