/**
 * The default {@link ChannelClassOf} over the chat tables: public channels and channels with more
 * members than the threshold are `broad`; other private channels and DMs are `team`. (`case_room`
 * arrives with the cases issue, which will mark case rooms.) An unknown channel is `broad`, the
 * most restrictive class.
 */
import type { ChannelClassOf } from './policy.ts';

/** Default member threshold above which a channel is broad (PRODUCT.md). */
export const DEFAULT_BROAD_THRESHOLD = 50;

/** Builds the lookup; `broadThreshold` members or fewer keep a private channel `team`. */
export function channelClassFromChat(opts: { broadThreshold?: number } = {}): ChannelClassOf {
  const threshold = opts.broadThreshold ?? DEFAULT_BROAD_THRESHOLD;
  return async (db, channelId) => {
    const ch = await db.selectFrom('channels').select(['visibility', 'kind']).where('id', '=', channelId).executeTakeFirst();
    if (!ch || ch.visibility === 'public') return 'broad';
    const n = await db
      .selectFrom('channel_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow();
    if (Number(n.n) > threshold) return 'broad';
    return ch.kind === 'case' ? 'case_room' : 'team';
  };
}
