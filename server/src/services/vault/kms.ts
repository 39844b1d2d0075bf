/**
 * Key management: the master key (key-encryption key, KEK) that wraps every data key, behind a
 * small interface so a cloud KMS/HSM adapter can replace {@link LocalKms} later.
 *
 * Where the master key lives: `ENCLAVE_MASTER_KEY` (base64 of 32 bytes) or a key file, mode 0600,
 * created on first start at `ENCLAVE_MASTER_KEY_FILE` (default: the XDG config folder,
 * `~/.config/enclave/<data dir name>-<hash>/master.key`, folder mode 0700). A key file inside a git
 * working tree is refused (`KeyLocationError`), read or written.
 * **Backups must not keep the key file together with the database**: the database holds only
 * ciphertexts and wrapped data keys, so a stolen backup is useless without the master key — unless
 * the key travels with it. Back up the key separately (password manager, offline medium, a KMS),
 * and keep both: a database backup without its master key cannot be decrypted by anyone.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createFileExclusive } from '../../config/create-exclusive.ts';
import { dirname } from 'node:path';
import { assertOutsideGitWorkTree } from '../../config/key-paths.ts';

/** Wraps and unwraps data keys. `aad` binds a wrapped key to its scope. */
export interface Kms {
  /** Stable identifier of the KEK, stored with each wrapped key (`kek_id`). */
  readonly keyId: string;
  /** Encrypts a data key; returns an opaque blob. */
  wrap(dek: Buffer, aad: Buffer): Promise<Buffer>;
  /** Decrypts a blob made by `wrap` with the same `aad`. Throws if it was altered or made by another key. */
  unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer>;
  /**
   * A 32-byte secret for `purpose` derived from the KEK (HKDF-SHA-256, RFC 5869), the same on every
   * node holding the same master key; optional (an adapter whose key never leaves the HSM may lack
   * it: then nothing that needs it is shared between nodes).
   */
  derive?(purpose: string): Buffer;
}

/** Error for an unusable master key or key file; the message never contains key material. */
export class MasterKeyError extends Error {
  override name = 'MasterKeyError';
}

const WRAP_VERSION = 1;

/**
 * A KMS whose KEK is a 32-byte key held in memory. Wrapped form (bytes):
 * `version(1) ‖ iv(12) ‖ tag(16) ‖ AES-256-GCM(dek)` with `aad` as GCM associated data
 * (NIST SP 800-38D).
 */
export class LocalKms implements Kms {
  readonly keyId: string;
  readonly #key: Buffer;

  /** Throws {@link MasterKeyError} unless `key` is 32 bytes. */
  constructor(key: Buffer) {
    if (key.length !== 32) throw new MasterKeyError('master key must be 32 bytes');
    this.#key = Buffer.from(key);
    this.keyId = `local:${createHash('sha256').update('enclave kek id v1\0').update(key).digest('hex').slice(0, 16)}`;
  }

  /** A new random master key (32 bytes from the OS CSPRNG). */
  static generate(): LocalKms {
    return new LocalKms(randomBytes(32));
  }

  /** Parses the base64 form used by `ENCLAVE_MASTER_KEY` and the key file. */
  static fromBase64(b64: string): LocalKms {
    const key = Buffer.from(b64.trim(), 'base64');
    if (key.length !== 32) throw new MasterKeyError('master key must be base64 of exactly 32 bytes');
    return new LocalKms(key);
  }

  /** The key as base64 (for writing a key file or showing it once to the operator). */
  exportBase64(): string {
    return this.#key.toString('base64');
  }

  async wrap(dek: Buffer, aad: Buffer): Promise<Buffer> {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#key, iv);
    c.setAAD(aad);
    const ct = Buffer.concat([c.update(dek), c.final()]);
    return Buffer.concat([Buffer.from([WRAP_VERSION]), iv, c.getAuthTag(), ct]);
  }

  derive(purpose: string): Buffer {
    return Buffer.from(hkdfSync('sha256', this.#key, Buffer.from('enclave-kek-derive-v1'), Buffer.from(purpose, 'utf8'), 32));
  }

  async unwrap(wrapped: Buffer, aad: Buffer): Promise<Buffer> {
    if (wrapped.length < 29 || wrapped[0] !== WRAP_VERSION) throw new MasterKeyError('wrapped key has an unknown format');
    const d = createDecipheriv('aes-256-gcm', this.#key, wrapped.subarray(1, 13));
    d.setAAD(aad);
    d.setAuthTag(wrapped.subarray(13, 29));
    return Buffer.concat([d.update(wrapped.subarray(29)), d.final()]);
  }
}

/** Throws {@link MasterKeyError} when `file` is accessible by group or others. */
export function assertKeyFileMode(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new MasterKeyError(
      `master key file ${file} has mode ${mode.toString(8).padStart(4, '0')}: refusing to start; it must be readable by the owner only (chmod 600)`,
    );
  }
}

/**
 * Reads a key file (location and mode checked). Throws `KeyLocationError` inside a git working
 * tree, {@link MasterKeyError} for a bad mode or content; ENOENT is rethrown as is.
 */
export function readKeyFile(file: string): LocalKms {
  assertOutsideGitWorkTree(file, 'vault master key file', 'ENCLAVE_MASTER_KEY_FILE');
  assertKeyFileMode(file);
  return LocalKms.fromBase64(readFileSync(file, 'utf8'));
}

/**
 * Writes `kms`'s key to `file` with mode 0600 (missing folders are created with mode 0700);
 * `flag: 'wx'` fails if it exists. Throws `KeyLocationError` inside a git working tree.
 */
export function writeKeyFile(file: string, kms: LocalKms, flag: 'wx' | 'w' = 'wx'): void {
  assertOutsideGitWorkTree(file, 'vault master key file', 'ENCLAVE_MASTER_KEY_FILE');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // 'wx': complete or absent (nodes starting together race to create the key)
  if (flag === 'wx') createFileExclusive(file, `${kms.exportBase64()}\n`);
  else writeFileSync(file, `${kms.exportBase64()}\n`, { mode: 0o600, flag });
}

/** The master keys in force: `current` wraps new data keys; `previous` (from `<file>.old`) is readable during a rotation. */
export interface MasterKeys {
  current: LocalKms;
  previous: LocalKms[];
  /** Where the key came from. */
  source: 'env' | 'file' | 'created';
}

/**
 * Loads the master key: `masterKey` (base64, from `ENCLAVE_MASTER_KEY`) if given, otherwise the key
 * file, created with 32 random bytes and mode 0600 when missing. A `<file>.old` left by an unfinished
 * `enclave keys rotate` is loaded as a previous key so reads keep working.
 * Throws {@link MasterKeyError} for a malformed key or a key file readable by group/others, or when
 * the key file is missing but `legacyMasterKeyFile` (where older versions kept it) exists — a new
 * key would make every stored value unreadable; throws `KeyLocationError` for a key file inside a
 * git working tree.
 */
export function loadMasterKeys(opts: { masterKey?: string; masterKeyFile: string; legacyMasterKeyFile?: string }): MasterKeys {
  if (!opts.masterKey) assertOutsideGitWorkTree(opts.masterKeyFile, 'vault master key file', 'ENCLAVE_MASTER_KEY_FILE');
  const previous: LocalKms[] = [];
  const old = `${opts.masterKeyFile}.old`;
  try {
    previous.push(readKeyFile(old));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (opts.masterKey) return { current: LocalKms.fromBase64(opts.masterKey), previous, source: 'env' };
  try {
    return { current: readKeyFile(opts.masterKeyFile), previous, source: 'file' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (opts.legacyMasterKeyFile && existsSync(opts.legacyMasterKeyFile)) {
    throw new MasterKeyError(
      `no master key file at ${opts.masterKeyFile}, but one at the old default location ${opts.legacyMasterKeyFile}: ` +
        `move it (and its -audit-signing.pem) there with mkdir -m 700 -p "${dirname(opts.masterKeyFile)}" and mv, ` +
        'or set ENCLAVE_MASTER_KEY_FILE to a path outside any git working tree; refusing to create a new key',
    );
  }
  const created = LocalKms.generate();
  try {
    writeKeyFile(opts.masterKeyFile, created, 'wx');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { current: readKeyFile(opts.masterKeyFile), previous, source: 'file' };
    throw err;
  }
  return { current: created, previous, source: 'created' };
}
