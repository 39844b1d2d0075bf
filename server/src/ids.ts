/** Identifiers: monotonic ULIDs (https://github.com/ulid/spec), 26 Crockford base32 characters, sorting by creation time. */
import { randomBytes } from 'node:crypto';
import { monotonicFactory } from 'ulid';

let pool = randomBytes(4096);
let at = 0;

/** Uniform float in [0, 1) from a pooled CSPRNG buffer (ulid's default draws crypto bytes per character). */
function pooledRandom(): number {
  if (at >= pool.length) {
    pool = randomBytes(4096);
    at = 0;
  }
  return (pool[at++] as number) / 256;
}

const next = monotonicFactory(pooledRandom);

/** A new ULID, strictly greater than the previous one produced by this process. */
export function newId(): string {
  return next();
}

/**
 * A monotonic ULID factory seeded by a given time (ms): ids that sort by that time, e.g. of
 * imported history with its original timestamps. Monotonic within one factory.
 */
export function idFactoryAt(): (seedTimeMs: number) => string {
  return monotonicFactory(pooledRandom);
}

/** JSON-schema pattern of a ULID. */
export const ULID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';
