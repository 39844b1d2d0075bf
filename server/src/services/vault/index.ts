/**
 * Vault service: envelope encryption of personal-data values behind tokens, blind index,
 * crypto-shredding, master-key rotation. See `vault.ts` for the key hierarchy and `kms.ts` for
 * where the master key lives (and why backups must keep it apart from the database).
 */
export { Vault, type RevealedValue, type TokenInfo, type TokenizeInput } from './vault.ts';
export { KeyRing, SCOPE_PATTERN, type DataKey, type KeyRingOptions } from './data-keys.ts';
export { LocalKms, MasterKeyError, assertKeyFileMode, loadMasterKeys, readKeyFile, writeKeyFile, type Kms, type MasterKeys } from './kms.ts';
export { VaultError, KmsKeyMissingError, type VaultErrorCode } from './errors.ts';
export { TOKEN_PATTERN } from './crypto.ts';
export { rotateMasterKey, type RewrapOthers, type RotateResult } from './rotate.ts';
export { createVaultFromConfig, fileKeyRefresher } from './setup.ts';
