/** Identifiers: monotonic ULIDs (https://github.com/ulid/spec), 26 Crockford base32 characters, sorting by creation time. */
import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** A new ULID, strictly greater than the previous one produced by this process. */
export function newId(): string {
  return next();
}

/** JSON-schema pattern of a ULID. */
export const ULID_PATTERN = '^[0-9A-HJKMNP-TV-Z]{26}$';
