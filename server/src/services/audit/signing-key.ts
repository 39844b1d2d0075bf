/**
 * The Ed25519 key that signs audit checkpoints: a PKCS#8 PEM file with mode 0600, created on
 * first use, kept beside the master key file (outside the data folder and any git working tree). A signature made with a
 * key that sits next to the database proves little on its own, which is why every checkpoint is
 * also written to an append-only file and the log, to be shipped off the machine.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { assertOutsideGitWorkTree } from '../../config/key-paths.ts';
import { createFileExclusive } from '../../config/create-exclusive.ts';

/** A loaded signing key pair. */
export interface AuditSigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 DER SPKI of the public key (as stored with each checkpoint). */
  publicKeyBase64: string;
}

/** Error for an unusable key file (wrong permissions, unreadable, malformed); the message names the file, never key bytes. */
export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/**
 * Default path of the signing key: beside the master key file, `<master key name>-audit-signing.pem`
 * (or `ENCLAVE_AUDIT_SIGNING_KEY_FILE`).
 */
export function defaultSigningKeyPath(masterKeyFile: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.ENCLAVE_AUDIT_SIGNING_KEY_FILE) return env.ENCLAVE_AUDIT_SIGNING_KEY_FILE;
  return join(dirname(masterKeyFile), `${basename(masterKeyFile).replace(/\.key$/, '')}-audit-signing.pem`);
}

/** Throws {@link KeyFileError} when `file` is readable or writable by group or others. */
export function assertPrivateFile(file: string): void {
  const mode = statSync(file).mode & 0o777;
  if (mode & 0o077) {
    throw new KeyFileError(`${file} has mode ${mode.toString(8).padStart(4, '0')}; it must not be accessible by group or others (chmod 600)`);
  }
}

/**
 * Loads the signing key at `file`, creating a new Ed25519 key pair (mode 0600) when it does not exist.
 * Throws {@link KeyFileError} when the file is group/world accessible or not an Ed25519 key, and
 * `KeyLocationError` (a `ConfigError`) when it sits inside a git working tree.
 */
export function loadOrCreateSigningKey(file: string): AuditSigningKey {
  assertOutsideGitWorkTree(file, 'audit signing key file', 'ENCLAVE_AUDIT_SIGNING_KEY_FILE');
  let pem: string;
  try {
    assertPrivateFile(file);
    pem = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const { privateKey } = generateKeyPairSync('ed25519');
    pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    try {
      createFileExclusive(file, pem); // complete or absent: nodes starting together race here
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      assertPrivateFile(file);
      pem = readFileSync(file, 'utf8');
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new KeyFileError(`${file} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new KeyFileError(`${file} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  const publicKeyBase64 = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  writePinOnce(file, publicKeyBase64);
  return { privateKey, publicKey, publicKeyBase64 };
}

/**
 * Path of the pin file beside the signing key `file`: `<file without .pem>.pin`, one line
 * `SHA256:<64 hex>` (the SHA-256 of the DER SPKI public key). `audit verify` trusts this pin when no
 * other is given: it lives in the key folder, outside the data folder, so an attacker who can
 * write only the data folder cannot change it.
 */
export function pinFilePath(file: string): string {
  return `${file.replace(/\.pem$/, '')}.pin`;
}

/**
 * Writes the pin of `publicKeyBase64` beside `file` when there is none yet (trust on first use;
 * mode 0600, never overwritten: a signing key replaced later does not move the pin).
 */
function writePinOnce(file: string, publicKeyBase64: string): void {
  const fingerprint = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex');
  try {
    createFileExclusive(pinFilePath(file), `SHA256:${fingerprint}\n`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** The public key (base64 DER SPKI) of the signing key at `file`, or `undefined` when there is no such file. Never creates it. */
export function readSigningPublicKey(file: string): string | undefined {
  try {
    assertPrivateFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return loadOrCreateSigningKey(file).publicKeyBase64;
}
