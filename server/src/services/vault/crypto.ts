/**
 * Primitive operations of the vault: tokens, value encryption (AES-256-GCM, NIST SP 800-38D),
 * key derivation (HKDF-SHA-256, RFC 5869) and keyed hashes (HMAC-SHA-256, RFC 2104).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32 (lower case, no padding) of `bytes`. */
export function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  return out;
}

/** Token format: `tok_` + 16 base32 characters (80 random bits; never derived from the value). */
export const TOKEN_PATTERN = /^tok_[a-z2-7]{16}$/;

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolAt = 0;

/**
 * `n` fresh bytes from the CSPRNG (`crypto.randomBytes`), drawn from a pool of 4 KiB refilled when
 * used up: one system call for hundreds of nonces and tokens. Every byte is handed out once; the
 * result is a copy (callers may keep it).
 */
export function randomFromPool(n: number): Buffer {
  if (n > POOL_BYTES) return randomBytes(n);
  if (poolAt + n > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolAt = 0;
  }
  const out = Buffer.from(pool.subarray(poolAt, poolAt + n));
  pool.fill(0, poolAt, poolAt + n);
  poolAt += n;
  return out;
}

/** A new random token. */
export function newToken(): string {
  return `tok_${base32(randomFromPool(10))}`;
}

/** Derives a 32-byte subkey of a data key for one purpose and scope (HKDF-SHA-256, RFC 5869). */
export function deriveKey(dek: Buffer, purpose: 'blind-index' | 'mark', scope: string): Buffer {
  return Buffer.from(hkdfSync('sha256', dek, Buffer.from('enclave-vault-v1'), Buffer.from(`${purpose}\0${scope}`, 'utf8'), 32));
}

/** Keyed hash of a value: base64url HMAC-SHA-256. */
export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('base64url');
}

/** Associated data binding a ciphertext to its token, scope and entity type. */
export function valueAad(token: string, scope: string, entityType: string): Buffer {
  return Buffer.from(`enclave-vault-value-v1\0${token}\0${scope}\0${entityType}`, 'utf8');
}

/** Associated data binding a wrapped data key to its scope. */
export function dataKeyAad(scope: string): Buffer {
  return Buffer.from(`enclave-vault-dek-v1\0${scope}`, 'utf8');
}

/** AES-256-GCM encryption with a fresh 12-byte nonce. */
export function encryptValue(dek: Buffer, plaintext: string, aad: Buffer): { ciphertext: Buffer; iv: Buffer; tag: Buffer } {
  const iv = randomFromPool(12);
  const c = createCipheriv('aes-256-gcm', dek, iv);
  c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return { ciphertext, iv, tag: c.getAuthTag() };
}

/** AES-256-GCM decryption; throws if the ciphertext, tag or associated data were altered. */
export function decryptValue(dek: Buffer, box: { ciphertext: Buffer; iv: Buffer; tag: Buffer }, aad: Buffer): string {
  const d = createDecipheriv('aes-256-gcm', dek, box.iv);
  d.setAAD(aad);
  d.setAuthTag(box.tag);
  return Buffer.concat([d.update(box.ciphertext), d.final()]).toString('utf8');
}
