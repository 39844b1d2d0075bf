/**
 * Staff @mentions are not platform users' personal data: a finding that lies entirely inside an
 * `@handle` of a current channel member (same matching rule as `services/chat/mentions.ts`:
 * display name or e-mail local part, case-insensitive, word boundaries) is dropped before the
 * policy decides. Without this, `@bob` would be tokenized in team channels and blocked in broad
 * ones. A mention never covers more than the handle, so `@jane.doe@example.com` keeps its
 * EMAIL_ADDRESS finding.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** A half-open UTF-16 span `[start, end)`. */
export type Span = readonly [number, number];

/** The handles of one member list: lower-cased names and e-mail local parts, and the longest. */
interface HandleSet {
  handles: ReadonlySet<string>;
  maxLength: number;
}

// Built once per member list (the staff snapshot is one array until the users table changes).
const handleSets = new WeakMap<ReadonlyArray<{ name: string; email: string }>, HandleSet>();

function handleSetOf(members: ReadonlyArray<{ name: string; email: string }>): HandleSet {
  let set = handleSets.get(members);
  if (set) return set;
  const handles = new Set<string>();
  let maxLength = 0;
  for (const m of members) {
    for (const h of [m.name.toLowerCase(), m.email.split('@')[0]?.toLowerCase() ?? '']) {
      if (h.length === 0) continue;
      handles.add(h);
      maxLength = Math.max(maxLength, h.length);
    }
  }
  set = { handles, maxLength };
  handleSets.set(members, set);
  return set;
}

const WORD_AFTER = /[\p{L}\p{N}_]/u;
const WORD_BEFORE = /[\p{L}\p{N}_.]/u;

/**
 * Spans of `@handle` mentions of `members` in `text`: `@` + a member's display name or e-mail local
 * part (case-insensitive), not preceded by a letter, digit, `_` or `.` and not followed by a letter,
 * digit or `_`. Cost: per `@` in the text, one set lookup per handle length (not per member).
 */
export function mentionSpans(text: string, members: ReadonlyArray<{ name: string; email: string }>): Span[] {
  if (!text.includes('@')) return [];
  const lower = text.toLowerCase();
  const { handles, maxLength } = handleSetOf(members);
  const spans: Span[] = [];
  for (let at = lower.indexOf('@'); at >= 0; at = lower.indexOf('@', at + 1)) {
    if (at > 0 && WORD_BEFORE.test(lower.charAt(at - 1))) continue;
    const most = Math.min(maxLength, lower.length - at - 1);
    for (let len = 1; len <= most; len++) {
      if (WORD_AFTER.test(lower.charAt(at + 1 + len))) continue;
      if (handles.has(lower.slice(at + 1, at + 1 + len))) spans.push([at, at + 1 + len]);
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
