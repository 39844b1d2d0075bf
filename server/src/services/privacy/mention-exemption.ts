/**
 * Staff @mentions are not platform users' personal data: a finding that lies entirely inside an
 * `@handle` of a current channel member (same matching rule as `services/chat/mentions.ts`:
 * display name or e-mail local part, case-insensitive, word boundaries) is dropped before the
 * policy decides. Without this, `@bob` would be tokenized in team channels and blocked in broad
 * ones. A mention never covers more than the handle, so `@jane.doe@example.com` keeps its
 * EMAIL_ADDRESS finding.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { GuardInput, MessageEntity, MessageGuard } from '../chat/guard.ts';

/** A half-open UTF-16 span `[start, end)`. */
export type Span = readonly [number, number];

/** Spans of `@handle` mentions of `members` in `text`. */
export function mentionSpans(text: string, members: ReadonlyArray<{ name: string; email: string }>): Span[] {
  if (!text.includes('@')) return [];
  const lower = text.toLowerCase();
  const spans: Span[] = [];
  for (const m of members) {
    const handles = [m.name.toLowerCase(), m.email.split('@')[0]?.toLowerCase() ?? ''].filter((h) => h.length > 0);
    for (const h of handles) {
      let from = 0;
      for (;;) {
        const at = lower.indexOf(`@${h}`, from);
        if (at < 0) break;
        const after = lower.charAt(at + 1 + h.length);
        const before = at === 0 ? '' : lower.charAt(at - 1);
        if (!/[\p{L}\p{N}_]/u.test(after) && !/[\p{L}\p{N}_.]/u.test(before)) spans.push([at, at + 1 + h.length]);
        from = at + 1;
      }
    }
  }
  return spans;
}

/** The members' names and e-mails of a channel (the guard's view of who can be mentioned). */
export async function channelMemberHandles(db: Kysely<Database>, channelId: string): Promise<Array<{ name: string; email: string }>> {
  return db
    .selectFrom('channel_members as cm')
    .innerJoin('users as u', 'u.id', 'cm.user_id')
    .select(['u.name', 'u.email'])
    .where('cm.channel_id', '=', channelId)
    .execute();
}

/** Findings not entirely inside one of `spans`. */
export function withoutMentions<F extends { start: number; end: number; entityType: string }>(findings: F[], spans: readonly Span[]): F[] {
  if (spans.length === 0) return findings;
  return findings.filter((f) => f.entityType === 'KNOWN_SUBJECT' || !spans.some(([s, e]) => f.start >= s && f.end <= e));
}

const current = new AsyncLocalStorage<readonly Span[]>();

/** Wraps an analyzer so it drops findings inside the mention spans of the running {@link MentionAwareGuard} call. */
export function mentionAwareAnalyzer(analyze: (text: string, channelId?: string) => Finding[]): (text: string, channelId?: string) => Finding[] {
  return (text, channelId) => withoutMentions(analyze(text, channelId), current.getStore() ?? []);
}

/**
 * A guard that computes the mention spans of the message and runs `inner` with them in scope; the
 * inner guard must have been built with {@link mentionAwareAnalyzer}.
 */
export class MentionAwareGuard implements MessageGuard {
  constructor(readonly inner: MessageGuard) {}

  async protect(db: Kysely<Database>, input: GuardInput): Promise<{ text: string; entities: MessageEntity[] }> {
    const spans = mentionSpans(input.text, input.text.includes('@') ? await channelMemberHandles(db, input.channelId) : []);
    return current.run(spans, () => this.inner.protect(db, input));
  }
}
