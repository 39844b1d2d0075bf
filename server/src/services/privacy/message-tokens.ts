/**
 * Which live, current message carries which vault token (`message_tokens`). A token is revealable
 * only while such a message exists in a channel the caller belongs to (issue 7, item 3): the
 * message service calls {@link syncMessageTokens} after every post, edit and delete (and so must
 * anything else that rewrites a message's `entities`), in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** The parts of a message row the sync needs. `entities` is the stored JSON array. */
export interface TokenCarrier {
  id: string;
  channel_id: string;
  entities: string;
  deleted_at: string | null;
}

function tokensOf(entitiesJson: string): Set<string> {
  const out = new Set<string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(entitiesJson);
  } catch {
    return out;
  }
  if (!Array.isArray(parsed)) return out;
  for (const e of parsed) {
    const token = (e as { token?: unknown } | null)?.token;
    if (typeof token === 'string' && token !== '') out.add(token);
  }
  return out;
}

/**
 * Brings `message_tokens` in step with `message` as now stored: a deleted message carries no
 * token; tokens no longer in `entities` are dropped; new ones are added with `now` as the time
 * they were shared (unchanged tokens keep their first time). Run inside the change's transaction.
 */
export async function syncMessageTokens(db: Kysely<Database>, message: TokenCarrier, now = new Date().toISOString()): Promise<void> {
  const want = message.deleted_at === null ? tokensOf(message.entities) : new Set<string>();
  const have = await db.selectFrom('message_tokens').select('token').where('message_id', '=', message.id).execute();
  const gone = have.map((r) => r.token).filter((t) => !want.has(t));
  if (gone.length > 0) await db.deleteFrom('message_tokens').where('message_id', '=', message.id).where('token', 'in', gone).execute();
  const known = new Set(have.map((r) => r.token));
  const added = [...want].filter((t) => !known.has(t));
  if (added.length > 0) {
    await db
      .insertInto('message_tokens')
      .values(added.map((token) => ({ message_id: message.id, token, channel_id: message.channel_id, created_at: now })))
      .execute();
  }
}

/**
 * {@link syncMessageTokens} for a message just inserted by this transaction (it carries no token
 * yet, so nothing is read or deleted): adds one row per token of its `entities`, if any.
 */
export async function addMessageTokens(db: Kysely<Database>, message: TokenCarrier, now = new Date().toISOString()): Promise<void> {
  if (message.deleted_at !== null) return;
  const tokens = [...tokensOf(message.entities)];
  if (tokens.length === 0) return;
  await db
    .insertInto('message_tokens')
    .values(tokens.map((token) => ({ message_id: message.id, token, channel_id: message.channel_id, created_at: now })))
    .execute();
}

/** A channel where a live, current message carries the token, and since when (earliest message). */
export interface TokenCarrierChannel {
  channelId: string;
  /** Earliest time a live message in this channel started carrying the token (ISO-8601). */
  sharedAt: string;
  /** True when every live carrier in this channel is sealed (`sealed_carriers`: imported where the channel would block it; no reveal). */
  sealed: boolean;
}

/** Channels where a live, current message carries `token`, oldest first. */
export async function carrierChannels(db: Kysely<Database>, token: string): Promise<TokenCarrierChannel[]> {
  const rows = await db
    .selectFrom('message_tokens')
    .leftJoin('sealed_carriers as s', (j) => j.onRef('s.message_id', '=', 'message_tokens.message_id').onRef('s.token', '=', 'message_tokens.token'))
    .select(['message_tokens.channel_id', (eb) => eb.fn.min<string>('message_tokens.created_at').as('shared_at'), (eb) => eb.fn.count<number>('message_tokens.message_id').as('carriers'), (eb) => eb.fn.count<number>('s.message_id').as('sealed')])
    .where('message_tokens.token', '=', token)
    .groupBy('message_tokens.channel_id')
    .orderBy('shared_at')
    .execute();
  return rows.map((r) => ({ channelId: r.channel_id, sharedAt: r.shared_at, sealed: Number(r.sealed) > 0 && Number(r.sealed) === Number(r.carriers) }));
}

/**
 * Whether a live, unsealed message in `channelId` shared `token` at or after `since` (i.e. while
 * the caller was a member, for `since` = their joining time).
 */
export async function sharedSince(db: Kysely<Database>, token: string, channelId: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('message_tokens')
    .select('message_id')
    .where('token', '=', token)
    .where('channel_id', '=', channelId)
    .where('created_at', '>=', since)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('sealed_carriers as s').select('s.token').whereRef('s.message_id', '=', 'message_tokens.message_id').whereRef('s.token', '=', 'message_tokens.token'))))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
