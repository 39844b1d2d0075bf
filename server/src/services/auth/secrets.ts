/**
 * Random secrets and their stored form. Session cookies, API tokens and setup tokens are 32
 * random bytes (256 bits, base64url); only their SHA-256 (FIPS 180-4) hex digest is stored, which
 * is sufficient for high-entropy secrets (no need for a slow hash).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes as base64url (43 characters), with an optional prefix such as `enc_`. */
export function randomSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 hex digest of a secret's UTF-8 bytes. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two strings (false when lengths differ). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A readable temporary password: 16 base64url characters (96 bits). */
export function temporaryPassword(): string {
  return randomBytes(12).toString('base64url');
}
