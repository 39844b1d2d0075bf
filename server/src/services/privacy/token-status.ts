/**
 * What a client needs to draw a chip for a token: its type, whether its data was erased, and
 * whether the caller could reveal it (no value, no audit event: nothing is disclosed beyond what
 * the message already shows). Mirrors the need-to-know rule of `privacy/reveal.ts`: only live,
 * current messages in the caller's channels make a token visible.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { memberSince } from '../../policies/index.ts';
import type { ChannelClassOf } from './index.ts';
import { carrierChannels, sharedSince } from './message-tokens.ts';
import type { Vault } from '../vault/index.ts';
import { subjectRevealCase } from '../cases/need-to-know.ts';

/** `GET /api/v1/vault/tokens/:token` answer. */
export interface TokenStatus {
  token: string;
  entityType: string;
  status: 'active' | 'erased';
  revealable: boolean;
  /** A reveal would be flagged for review (privacy officer, or a value shared before the caller joined). */
  flagged: boolean;
}

/**
 * The status of `token` for `caller`, or `undefined` when the token is unknown or no live message
 * in a channel the caller belongs to carries it and the caller is not a privacy officer (answered
 * as 404, so token existence does not leak).
 */
export async function tokenStatus(
  db: Kysely<Database>,
  deps: { vault: Vault; channelClassOf: ChannelClassOf },
  caller: { id: string; role: string },
  token: string,
): Promise<TokenStatus | undefined> {
  const info = await deps.vault.describe(db, token);
  if (!info) return undefined;
  const base = { token, entityType: info.entityType, status: info.erased ? ('erased' as const) : ('active' as const) };
  if (caller.role === 'privacy_officer') return { ...base, revealable: !info.erased, flagged: true };
  let visible = false;
  let revealable = false;
  let sinceJoining = false;
  for (const { channelId, sealed } of await carrierChannels(db, token)) {
    const joinedAt = await memberSince(db, channelId, caller.id);
    if (joinedAt === undefined) continue;
    visible = true;
    // sealed carriers (imported where the channel would block the value) give no reveal (reveal.ts)
    if (sealed || (await deps.channelClassOf(db, channelId)) === 'broad') continue;
    revealable = true;
    if (await sharedSince(db, token, channelId, joinedAt)) sinceJoining = true;
  }
  if (!visible) return undefined;
  if (info.scope.startsWith('subject:')) {
    // a known subject's value: only that subject's case assignees, and never from a broad channel
    const ok = revealable && !info.erased && (await subjectRevealCase(db, info.scope, caller.id, caller.role, token)) !== undefined;
    return { ...base, revealable: ok, flagged: false };
  }
  const ok = revealable && !info.erased;
  return { ...base, revealable: ok, flagged: ok && !sinceJoining };
}
