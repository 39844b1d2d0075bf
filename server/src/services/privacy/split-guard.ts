/**
 * Values split across messages: "card 4111 1111" then "1111 1111", or "mail jane.doe" then
 * "@example.com", each harmless alone, put a hard identifier on screen in a broad channel where the
 * guard would refuse it whole. Before a new message is stored in a channel whose policy blocks a hard
 * identifier, it is analyzed joined to the same author's latest live messages in that channel (sent
 * within {@link SPLIT_WINDOW_MS}), with and without a space between them; a hard identifier that
 * crosses into the new message is blocked like one typed whole.
 *
 * Only hard identifiers ({@link HARD_IDENTIFIER_TYPES}) count, so "Hi Jane" then "Doe here" is not
 * refused; a message that opens with an @mention the analyzer lets through is not glued to the word
 * before it (`thanks` + `@bob.agent` is no e-mail). Earlier messages are read as stored (already tokenized), so a placeholder never joins a value.
 */
import type { Kysely } from 'kysely';
import type { Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import { HARD_IDENTIFIER_TYPES } from './marks.ts';

/** How far back an earlier message of the author can complete a split value (5 minutes, in ms). */
export const SPLIT_WINDOW_MS = 5 * 60_000;
/** How many earlier messages of the author are joined (a value split in up to this + 1 parts). */
export const SPLIT_MESSAGES = 3;
const SEPARATORS = ['', ' '];

/** A hard identifier found across a message boundary: type and span in the new text (UTF-16, end-exclusive). */
export interface SplitFinding {
  entityType: string;
  start: number;
  end: number;
}

/**
 * The hard identifiers that `text` completes together with the author's recent messages in
 * `channelId` and that `blocks(entityType)` says the channel refuses. Empty when none.
 * `analyze` is the guard's analyzer; reads `messages` through `db` (no writes).
 */
export async function splitFindings(
  db: Kysely<Database>,
  analyze: (text: string, channelId?: string) => Finding[],
  blocks: (entityType: string) => boolean,
  input: { channelId: string; authorId: string; text: string; messageId?: string },
): Promise<SplitFinding[]> {
  if (![...HARD_IDENTIFIER_TYPES].some(blocks)) return [];
  const since = new Date(Date.now() - SPLIT_WINDOW_MS).toISOString();
  const earlier = await db
    .selectFrom('messages')
    .select('text')
    .where('channel_id', '=', input.channelId)
    .where('author_id', '=', input.authorId)
    .where('deleted_at', 'is', null)
    .where('created_at', '>=', since)
    // an edit is joined to the author's other recent messages, never to its own old text
    .$if(input.messageId !== undefined, (q) => q.where('id', '!=', input.messageId as string))
    .orderBy('created_at', 'desc')
    .orderBy('pk', 'desc')
    .limit(SPLIT_MESSAGES)
    .execute();
  if (earlier.length === 0) return [];
  const out = new Map<string, SplitFinding>();
  // "thanks" then "@bob.agent …" joins to an e-mail: a leading @handle the analyzer lets through
  // alone (a colleague's mention) is not glued to the previous word; "@example.com" alone is a finding.
  const leadingMention = input.text.startsWith('@') && !analyze(input.text).some((f) => f.start === 0);
  for (const sep of leadingMention ? SEPARATORS.filter((x) => x !== '') : SEPARATORS) {
    const before = earlier
      .map((m) => m.text)
      .reverse()
      .join(sep);
    const boundary = before.length + sep.length;
    // no channel id: the joined text must not feed the channel's conversation memory a second time
    for (const f of analyze(before + sep + input.text)) {
      if (f.start >= boundary || f.end <= boundary || !HARD_IDENTIFIER_TYPES.has(f.entityType) || !blocks(f.entityType)) continue;
      const hit = { entityType: f.entityType, start: 0, end: Math.min(input.text.length, f.end - boundary) };
      out.set(`${hit.entityType}:${hit.end}`, hit);
    }
  }
  return [...out.values()];
}
