/**
 * Runs the privacy guard with the colleague exemption in scope: the guard's analyzer (built with
 * {@link staffAwareAnalyzer}) drops findings that are names or @handles of active staff (see
 * `staff-names.ts`). The staff snapshot is read once per message from the in-memory index.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { GuardInput, MessageEntity, MessageGuard } from '../chat/guard.ts';
import type { GuardAnalyze } from './guard.ts';
import { mentionSpans, type Span } from './mention-exemption.ts';
import { withoutStaffNames, type StaffNameIndex, type StaffNames } from './staff-names.ts';

type Exempt = (text: string, findings: Finding[]) => Finding[];
const current = new AsyncLocalStorage<Exempt>();
const currentStaff = new AsyncLocalStorage<StaffNames>();

/** `@handle` spans of active colleagues in `text`, within a running {@link StaffAwareGuard} call (else none). */
export function staffMentionSpans(text: string): Span[] {
  const staff = currentStaff.getStore();
  return staff && text.includes('@') ? mentionSpans(text, staff.people) : [];
}

/** Wraps an analyzer so it applies the exemption of the running {@link StaffAwareGuard} call. */
export function staffAwareAnalyzer(analyze: GuardAnalyze): GuardAnalyze {
  return (text, channelId, opts) => {
    const found = analyze(text, channelId, opts);
    const exempt = current.getStore();
    return exempt ? exempt(text, found) : found;
  };
}

/** Dependencies of {@link StaffAwareGuard}. */
export interface StaffAwareGuardDeps {
  staffNames: StaffNameIndex;
  /** Whether a value is a known data subject's value (then it is never exempt). */
  isKnownValue: (value: string) => boolean;
}

/** A guard that runs `inner` (built with {@link staffAwareAnalyzer}) with the staff exemption in scope. */
export class StaffAwareGuard implements MessageGuard {
  constructor(
    readonly inner: MessageGuard,
    readonly deps: StaffAwareGuardDeps,
  ) {}

  async protect(db: Kysely<Database>, input: GuardInput): Promise<{ text: string; entities: MessageEntity[] }> {
    const staff = await this.deps.staffNames.current(db);
    const exempt: Exempt = (text, findings) => withoutStaffNames(findings, text, staff, this.deps.isKnownValue);
    return currentStaff.run(staff, () => current.run(exempt, () => this.inner.protect(db, input)));
  }
}
