/**
 * Builds the process's {@link Vault} from configuration (`ENCLAVE_MASTER_KEY` or the key file).
 */
import { statSync } from 'node:fs';
import type { Config } from '../../config/index.ts';
import { loadMasterKeys, readKeyFile, type Kms, type LocalKms } from './kms.ts';
import { Vault } from './vault.ts';

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

/**
 * A `refresh` for the key ring that reloads the key file (and `<file>.old`) when their mtimes
 * changed — so a server keeps working while `enclave keys rotate` runs in another process.
 * Costs two `stat` calls; returns `undefined` when nothing changed or the file is unreadable.
 */
export function fileKeyRefresher(file: string): () => { current: Kms; previous: Kms[] } | undefined {
  let seen = `${mtime(file)}/${mtime(`${file}.old`)}`;
  return () => {
    const now = `${mtime(file)}/${mtime(`${file}.old`)}`;
    if (now === seen) return undefined;
    seen = now;
    try {
      const current = readKeyFile(file);
      const previous: LocalKms[] = [];
      try {
        previous.push(readKeyFile(`${file}.old`));
      } catch {
        // no rotation in progress
      }
      return { current, previous };
    } catch {
      return undefined;
    }
  };
}

/**
 * Loads (or, on first start, creates with mode 0600) the master key and returns the vault.
 * Throws `MasterKeyError` for a malformed key, a key file readable by group/others or a key left at
 * the legacy location, and `KeyLocationError` (a `ConfigError`) for a key file in a git working tree.
 */
export function createVaultFromConfig(
  config: Pick<Config, 'masterKey' | 'masterKeyFile'> & Partial<Pick<Config, 'legacyMasterKeyFile'>>,
): { vault: Vault; source: 'env' | 'file' | 'created' } {
  const keys = loadMasterKeys({ masterKey: config.masterKey, masterKeyFile: config.masterKeyFile, legacyMasterKeyFile: config.legacyMasterKeyFile });
  const vault = new Vault({
    kms: keys.current,
    previous: keys.previous,
    refresh: keys.source === 'env' ? undefined : fileKeyRefresher(config.masterKeyFile),
  });
  return { vault, source: keys.source };
}
