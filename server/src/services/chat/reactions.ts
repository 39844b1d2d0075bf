/**
 * Emoji reactions on messages (issue 12). A reaction is (message, person, emoji); members of the
 * message's channel may add and remove their own. The emoji is checked to be pictographs only
 * (no letters or digits), so a reaction cannot carry personal data. Caps per message keep one
 * message from growing without bound: {@link MAX_EMOJI_PER_MESSAGE} different emoji and
 * {@link MAX_REACTIONS_PER_MESSAGE} reactions in all.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { UsersTable } from '../../db/schema/chat.ts';
import { AppError } from '../../errors.ts';
import { reactionChanged } from '../../events.ts';
import { channelFor } from '../../policies/index.ts';
import { assertWritable } from './channel-details.ts';
import type { UnitOfWork } from '../../unit-of-work.ts';

type Caller = Pick<Selectable<UsersTable>, 'id' | 'role'>;

/** Different emoji one message may carry. */
export const MAX_EMOJI_PER_MESSAGE = 50;
/** Reactions (all emoji, all people) one message may carry. */
export const MAX_REACTIONS_PER_MESSAGE = 1000;
/** People listed per emoji in an answer (`count` stays exact). */
export const MAX_LISTED_USERS = 50;
/** Longest emoji sequence, UTF-16 code units (family and flag sequences are long). */
export const MAX_EMOJI_LENGTH = 32;

/** One emoji's reactions on a message. */
export interface ReactionJson {
  emoji: string;
  count: number;
  /** Who reacted, oldest first, at most {@link MAX_LISTED_USERS}. */
  userIds: string[];
}

// Pictographs with their modifiers, joiners, variation selectors, keycap mark, flags and tags.
// Digits, `#` and `*` (emoji components too) are left out: no number can be spelled in reactions.
// Tag characters (U+E0020–E007E) mirror printable ASCII invisibly ("🏴" + the tags of an IP address):
// only the recognised subdivision flags (England, Scotland, Wales) may carry them.
const EMOJI_RE = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;
const SUBDIVISION_FLAG_RE = /\u{1F3F4}\u{E0067}\u{E0062}(?:\u{E0065}\u{E006E}\u{E0067}|\u{E0073}\u{E0063}\u{E0074}|\u{E0077}\u{E006C}\u{E0073})\u{E007F}/gu;
const PICTOGRAPH_RE = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const REGIONAL_RE = /\p{Regional_Indicator}/gu;
const REGIONS = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** Regional indicator letters only as one flag of a known region (they would otherwise spell words such as a name). */
function flagLettersOk(emoji: string): boolean {
  const letters = emoji.match(REGIONAL_RE) ?? [];
  if (letters.length === 0) return true;
  if (letters.length !== 2 || !emoji.includes(letters.join(''))) return false;
  const code = letters.map((l) => String.fromCharCode((l.codePointAt(0) as number) - 0x1f1e6 + 65)).join('');
  return REGIONS.of(code) !== undefined;
}

/** Whether `emoji` is an acceptable reaction (pictographs only, 1–{@link MAX_EMOJI_LENGTH} units). */
export function isReactionEmoji(emoji: string): boolean {
  return emoji.length > 0 && emoji.length <= MAX_EMOJI_LENGTH && EMOJI_RE.test(emoji.replace(SUBDIVISION_FLAG_RE, '\u{1F3F4}')) && PICTOGRAPH_RE.test(emoji) && flagLettersOk(emoji);
}

async function reactableMessage(db: Kysely<Database>, caller: Caller, messageId: string) {
  const row = await db.selectFrom('messages').select(['id', 'channel_id', 'deleted_at']).where('id', '=', messageId).executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'No such message');
  try {
    await channelFor(db, caller, row.channel_id, 'read');
  } catch {
    throw new AppError(404, 'not_found', 'No such message');
  }
  if (row.deleted_at !== null) throw new AppError(409, 'message_deleted', 'This message was deleted');
  await assertWritable(db, row.channel_id);
  return row;
}

/**
 * Adds the caller's `emoji` reaction to a message of a channel they belong to. Idempotent (a
 * repeat changes nothing and emits nothing). Throws 400 `invalid_emoji`, 404 (message unknown or
 * not readable), 409 `message_deleted`, 409 `channel_archived`, 409 `reaction_limit` (a cap reached).
 */
export async function addReaction(uow: UnitOfWork, caller: Caller, messageId: string, emoji: string): Promise<void> {
  if (!isReactionEmoji(emoji)) throw new AppError(400, 'invalid_emoji', 'A reaction is one emoji');
  const msg = await reactableMessage(uow.db, caller, messageId);
  const existing = await uow.db
    .selectFrom('message_reactions')
    .select('user_id')
    .where('message_id', '=', messageId)
    .where('emoji', '=', emoji)
    .where('user_id', '=', caller.id)
    .executeTakeFirst();
  if (existing) return;
  const totals = await uow.db
    .selectFrom('message_reactions')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('emoji').distinct().as('kinds')])
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
  const known = await uow.db.selectFrom('message_reactions').select('emoji').where('message_id', '=', messageId).where('emoji', '=', emoji).limit(1).executeTakeFirst();
  if (Number(totals.n) >= MAX_REACTIONS_PER_MESSAGE || (!known && Number(totals.kinds) >= MAX_EMOJI_PER_MESSAGE)) {
    throw new AppError(409, 'reaction_limit', `A message takes at most ${MAX_EMOJI_PER_MESSAGE} different emoji and ${MAX_REACTIONS_PER_MESSAGE} reactions`);
  }
  await uow.db.insertInto('message_reactions').values({ message_id: messageId, user_id: caller.id, emoji, created_at: new Date().toISOString() }).execute();
  await reactionChanged(uow, { channelId: msg.channel_id, messageId, userId: caller.id, emoji, added: true });
}

/** Removes the caller's `emoji` reaction (no-op when absent). Throws like {@link addReaction}. */
export async function removeReaction(uow: UnitOfWork, caller: Caller, messageId: string, emoji: string): Promise<void> {
  if (!isReactionEmoji(emoji)) throw new AppError(400, 'invalid_emoji', 'A reaction is one emoji');
  const msg = await reactableMessage(uow.db, caller, messageId);
  const res = await uow.db.deleteFrom('message_reactions').where('message_id', '=', messageId).where('emoji', '=', emoji).where('user_id', '=', caller.id).executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) return;
  await reactionChanged(uow, { channelId: msg.channel_id, messageId, userId: caller.id, emoji, added: false });
}

/** Drops every reaction of a message (on deletion). */
export async function clearReactions(db: Kysely<Database>, messageId: string): Promise<void> {
  await db.deleteFrom('message_reactions').where('message_id', '=', messageId).execute();
}

/**
 * Reactions of the given messages (callers have checked read access), grouped per message and
 * emoji in first-reaction order. Messages without reactions are absent from the map.
 */
export async function reactionsOf(db: Kysely<Database>, messageIds: readonly string[]): Promise<Map<string, ReactionJson[]>> {
  const out = new Map<string, ReactionJson[]>();
  if (messageIds.length === 0) return out;
  const rows = await db
    .selectFrom('message_reactions')
    .select(['message_id', 'emoji', 'user_id'])
    .where('message_id', 'in', messageIds)
    .orderBy('created_at')
    .orderBy('user_id')
    .execute();
  for (const r of rows) {
    let list = out.get(r.message_id);
    if (!list) out.set(r.message_id, (list = []));
    let entry = list.find((e) => e.emoji === r.emoji);
    if (!entry) list.push((entry = { emoji: r.emoji, count: 0, userIds: [] }));
    entry.count += 1;
    if (entry.userIds.length < MAX_LISTED_USERS) entry.userIds.push(r.user_id);
  }
  return out;
}
