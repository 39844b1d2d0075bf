/** Cryptographic digests of file bytes, lowercase hex (node:crypto). */
import { createHash } from 'node:crypto';

/** MD5 of `data`, 32 hex digits (for matching MD5 hash lists only — not a security property). */
export function md5Hex(data: Buffer | Uint8Array): string {
  return createHash('md5').update(data).digest('hex');
}

/** SHA-256 of `data`, 64 hex digits. */
export function sha256Hex(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
