/**
 * Encryption of file bytes at rest: AES-256-GCM under a random per-file key, the key wrapped by the
 * vault's master key (the same {@link Kms} that wraps vault data keys), bound to the file id and
 * the object's role by associated data.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from '../vault/index.ts';

/** Associated data of a file's wrapped key. */
const keyAad = (fileId: string): Buffer => Buffer.from(`enclave-media-key-v1\0${fileId}`, 'utf8');
/** Associated data of one object of a file (`original`, `served`, `clear`). */
const objectAad = (fileId: string, role: string): Buffer => Buffer.from(`enclave-media-object-v1\0${fileId}\0${role}`, 'utf8');

/** A file key: the raw key (memory only) and what is stored (`wrapped`, `kekId`). */
export interface FileKey {
  key: Buffer;
  wrapped: Buffer;
  kekId: string;
}

/** A new random 32-byte key for `fileId`, wrapped by the current master key. */
export async function newFileKey(keys: KeyRing, fileId: string): Promise<FileKey> {
  const key = randomBytes(32);
  const kms = keys.current;
  return { key, wrapped: await kms.wrap(key, keyAad(fileId)), kekId: kms.keyId };
}

/** Unwraps a stored file key; throws if it was altered or its master key is not loaded. */
export async function unwrapFileKey(keys: KeyRing, fileId: string, stored: { wrapped: Buffer; kekId: string }): Promise<Buffer> {
  return keys.kek(stored.kekId).unwrap(Buffer.from(stored.wrapped), keyAad(fileId));
}

/** Encrypts one object: `iv (12) ‖ tag (16) ‖ ciphertext`. */
export function sealObject(key: Buffer, fileId: string, role: string, data: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(objectAad(fileId, role));
  const body = Buffer.concat([c.update(data), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

/** Decrypts an object made by {@link sealObject}; throws if anything was altered or swapped. */
export function openObject(key: Buffer, fileId: string, role: string, sealed: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('sealed object too short');
  const d = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  d.setAAD(objectAad(fileId, role));
  d.setAuthTag(sealed.subarray(12, 28));
  return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
}
