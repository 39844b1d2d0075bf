/**
 * Runs the privacy guard with the colleague exemption: findings that are names or @handles of
 * active staff (see `staff-names.ts`) are dropped from every text the guard analyzes for the
 * message. The staff snapshot is read once per message from the in-memory index and handed to the
 * guard explicitly (no AsyncLocalStorage: its async hooks would tax every promise of the process,
 * issue 9).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { GuardInput, MessageEntity, MessageGuard } from '../chat/guard.ts';
import type { PrivacyGuard } from './guard.ts';
import { withoutStaffNames, type StaffNameIndex } from './staff-names.ts';

/** Dependencies of {@link StaffAwareGuard}. */
export interface StaffAwareGuardDeps {
  staffNames: StaffNameIndex;
  /** Whether a value is a known data subject's value (then it is never exempt). */
  isKnownValue: (value: string) => boolean;
  /**
   * Called before the message of a channel is analyzed; a promise returned is awaited (the shared
   * conversation memory loading that channel: bounded by its own timeout, never rejects).
   */
  prepare?: (channelId: string) => Promise<void> | undefined;
}

/** A guard that runs `inner` with the staff exemption of the current staff snapshot. */
export class StaffAwareGuard implements MessageGuard {
  constructor(
    readonly inner: PrivacyGuard,
    readonly deps: StaffAwareGuardDeps,
  ) {}

  async protect(db: Kysely<Database>, input: GuardInput): Promise<{ text: string; entities: MessageEntity[] }> {
    const loading = this.deps.prepare?.(input.channelId);
    const staff = await this.deps.staffNames.current(db);
    if (loading) await loading;
    return this.inner.protectExempt(db, input, (text, findings) => withoutStaffNames(findings, text, staff, this.deps.isKnownValue));
  }
}
