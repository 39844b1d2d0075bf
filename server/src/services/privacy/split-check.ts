/**
 * Splitting a value across messages: `card 4111 1111` then `1111 1111` passes the analyzer one
 * message at a time. In channels where the policy blocks, the guard also analyzes the end of the
 * author's previous message in the channel joined to the new text; a finding that crosses the join
 * (starts in the previous message, ends in the new one) is reported so the new message is refused.
 */
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';

/** Characters of the previous message's end that are joined to the new text. */
export const SPLIT_TAIL = 64;

/**
 * Findings of `tail + text` crossing the join, re-based onto `text` (start clamped to 0), where
 * `tail` is the end of the author's latest live message in the channel before this one (none: []).
 */
export async function findingsAcrossSplit(
  db: Kysely<Database>,
  analyze: (text: string) => Finding[],
  input: { channelId: string; authorId: string; text: string; messageId?: string },
): Promise<Finding[]> {
  let q = db
    .selectFrom('messages')
    .select('text')
    .where('channel_id', '=', input.channelId)
    .where('author_id', '=', input.authorId)
    .where('deleted_at', 'is', null);
  if (input.messageId !== undefined) q = q.where('id', '<', input.messageId);
  const prev = await q.orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!prev || prev.text === '') return [];
  const tail = prev.text.slice(-SPLIT_TAIL);
  // A value crossing the join ends within its first few hundred characters.
  return analyze(tail + input.text.slice(0, 4 * SPLIT_TAIL))
    .filter((f) => f.start < tail.length && f.end > tail.length)
    .map((f) => ({ ...f, start: 0, end: f.end - tail.length }));
}
