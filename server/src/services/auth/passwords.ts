/**
 * Password hashing with argon2id (RFC 9106) through the `argon2` package, PHC string format.
 * Parameters follow the OWASP Password Storage Cheat Sheet minimum: m=19 MiB, t=2, p=1.
 */
import argon2 from 'argon2';

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Minimum password length in characters. */
export const MIN_PASSWORD_LENGTH = 10;

/** Hashes `password`; returns the PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** Verifies `password` against `hash`; with a null hash verifies against a dummy (equal timing), returning false. */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) {
    dummy ??= hashPassword('dummy-password-for-timing');
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
