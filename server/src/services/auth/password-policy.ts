/**
 * Password acceptance rules after NIST SP 800-63B §5.1.1.2 ("Memorized Secret Verifiers"):
 * a minimum length (no composition rules), and refusal of passwords found in a list of
 * commonly used or breached passwords, of repetitive or sequential characters, and of
 * context-specific words (the user's own e-mail and name, the service's name).
 *
 * The list is the `passwords-common` dictionary of `@zxcvbn-ts/language-common` (MIT licence;
 * about 30,000 passwords most often seen in breach corpora), compared case-insensitively.
 */
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.ts';
import { MIN_PASSWORD_LENGTH } from './passwords.ts';

// Built once when the module loads (server start), not on the first password change.
const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
const commonPasswords = (): Set<string> => common;

/** Why a password was refused (stable codes, shown to the user through the message). */
export type PasswordProblem = 'too_short' | 'common' | 'repetitive' | 'sequential' | 'personal';

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  common: 'This password is on a list of commonly used or breached passwords; choose another',
  repetitive: 'This password repeats the same characters; choose another',
  sequential: 'This password is a simple sequence (like 1234567890 or abcdefghij); choose another',
  personal: 'This password is too close to your name or e-mail address; choose another',
};

/** The user's own fields that a password must not be built from. */
export interface PasswordContext {
  email?: string;
  name?: string;
}

const alnum = (s: string): string => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** True when `s` is one unit of 1..4 characters repeated (`aaaaaaaaaa`, `abababab`, `abcabcabc`). */
function isRepetitive(s: string): boolean {
  const chars = [...s];
  for (let unit = 1; unit <= 4 && unit * 2 <= chars.length; unit++) {
    if (chars.every((c, i) => c === chars[i % unit])) return true;
  }
  return false;
}

/** True when every character's code point is the previous one's ±1 in one direction (`123456…`, `zyxw…`). */
function isSequential(s: string): boolean {
  const cps = [...s].map((c) => c.codePointAt(0) ?? 0);
  if (cps.length < 3) return false;
  const step = (cps[1] ?? 0) - (cps[0] ?? 0);
  if (step !== 1 && step !== -1) return false;
  // Digits wrap around (`1234567890`).
  return cps.every((c, i) => i === 0 || c - (cps[i - 1] ?? 0) === step || (step === 1 && cps[i - 1] === 0x39 && c === 0x30));
}

/** Context words of at least 4 letters/digits: the e-mail, its local part, the name, each name part, the service. */
function contextWords(ctx: PasswordContext): string[] {
  const words = new Set<string>(['enclave']);
  if (ctx.email) {
    words.add(alnum(ctx.email));
    const local = ctx.email.split('@')[0] ?? '';
    words.add(alnum(local));
    for (const part of local.split(/[^\p{L}\p{N}]+/u)) words.add(alnum(part));
  }
  if (ctx.name) {
    words.add(alnum(ctx.name));
    for (const part of ctx.name.split(/\s+/)) words.add(alnum(part));
  }
  return [...words].filter((w) => [...w].length >= 4);
}

/**
 * The first problem of `password` for a user with `ctx`, or null when acceptable. A password is
 * "personal" when it contains one of the user's context words and fewer than
 * {@link MIN_PASSWORD_LENGTH} other letters and digits remain.
 */
export function passwordProblem(password: string, ctx: PasswordContext = {}): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const lower = password.toLowerCase();
  const list = commonPasswords();
  // The password itself, or a listed one with digits/symbols appended (`password123!`).
  const base = lower.replace(/[^\p{L}]+$/u, '');
  if (list.has(lower) || list.has(lower.trim()) || (base.length >= 4 && list.has(base))) return 'common';
  const compact = alnum(password);
  if (isRepetitive(lower) || (compact.length > 0 && isRepetitive(compact))) return 'repetitive';
  if (isSequential(lower) || isSequential(compact)) return 'sequential';
  for (const w of contextWords(ctx)) {
    if (compact.includes(w) && [...compact].length - [...w].length < MIN_PASSWORD_LENGTH) return 'personal';
  }
  return null;
}

/** Throws `400 weak_password` (with `reason`) unless {@link passwordProblem} finds nothing. */
export function assertPasswordAcceptable(password: string, ctx: PasswordContext = {}): void {
  const problem = passwordProblem(password, ctx);
  if (problem) throw new AppError(400, 'weak_password', MESSAGES[problem], { reason: problem });
}
