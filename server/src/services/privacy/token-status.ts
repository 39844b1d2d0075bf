/**
 * What a client needs to draw a chip for a token: its type, whether its data was erased, and
 * whether the caller could reveal it (no value, no audit event: nothing is disclosed beyond what
 * the message already shows). Mirrors the need-to-know rule of `privacy/reveal.ts`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { isMember } from '../../policies/index.ts';
import type { ChannelClassOf } from './index.ts';
import type { Vault } from '../vault/index.ts';
import { subjectRevealCase } from '../cases/need-to-know.ts';

/** `GET /api/v1/vault/tokens/:token` answer. */
export interface TokenStatus {
  token: string;
  entityType: string;
  status: 'active' | 'erased';
  revealable: boolean;
}

/**
 * The status of `token` for `caller`, or `undefined` when the token is unknown or the caller is
 * neither a member of a channel it was shared in nor a privacy officer (answered as 404, so token
 * existence does not leak).
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
  if (caller.role === 'privacy_officer') return { ...base, revealable: !info.erased };
  const shared = await db.selectFrom('vault_token_channels').select('channel_id').where('token', '=', token).execute();
  let visible = false;
  let revealable = false;
  for (const { channel_id } of shared) {
    if (!(await isMember(db, channel_id, caller.id))) continue;
    visible = true;
    if ((await deps.channelClassOf(db, channel_id)) !== 'broad') revealable = true;
  }
  if (!visible) return undefined;
  if (info.scope.startsWith('subject:')) return { ...base, revealable: !info.erased && (await subjectRevealCase(db, info.scope, caller.id, caller.role)) !== undefined };
  return { ...base, revealable: revealable && !info.erased };
}
