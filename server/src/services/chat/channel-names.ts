/**
 * Channel name rules (issue 12): lower-case, no spaces, at most {@link MAX_CHANNEL_NAME_LENGTH}
 * characters, letters (lower-case, or scripts without case), digits, `-`, `_` and `.` only. Applied to
 * new names and renames; names stored before the rule existed stay as they are and keep loading.
 */
import { AppError } from '../../errors.ts';

/** Longest channel name, in UTF-16 code units. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

const ALLOWED = /^[\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Nd}_.-]+$/u;

/**
 * Validates a new channel name (a leading `#` and surrounding blanks are dropped first) and returns
 * it. Throws 400 `invalid_channel_name` whose message says which rule was broken.
 */
export function validChannelName(input: string): string {
  const name = input.trim().replace(/^#/, '');
  const bad = (why: string): AppError => new AppError(400, 'invalid_channel_name', `Channel names ${why}`);
  if (name.length === 0) throw bad('must not be empty');
  if (name.length > MAX_CHANNEL_NAME_LENGTH) throw bad(`are at most ${MAX_CHANNEL_NAME_LENGTH} characters`);
  if (/\s/u.test(name)) throw bad('have no spaces: use - or _ between words');
  if (name !== name.toLowerCase()) throw bad('are lower-case');
  if (!ALLOWED.test(name)) throw bad('use only lower-case letters, digits, - _ and .');
  return name;
}
