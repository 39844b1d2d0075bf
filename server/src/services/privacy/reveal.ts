/**
 * Reveal decisions (issue 4, "Reveal"): who may see a token's raw value, with what justification,
 * how often — and an audit event for every attempt (success in the same transaction as the
 * decryption, denials and failures in their own transaction).
 *
 * Need-to-know in this version: the caller is a current member of a private, non-broad channel in
 * which a live, current message (not deleted, not edited away; `message_tokens`) carries the token,
 * and gives a justification of at least 12 characters. A value shared there only before the caller
 * joined is revealed flagged (`shared_before_joined`, review queue). Broad channels never
 * allow a reveal, and neither do sealed carriers (`sealed_carriers`: history imported where
 * its channel would have blocked the value; audited reason `sealed_import`). Values of a known data subject (`subject:` scope) need a case assignment, which
 * arrives with the cases issue, so only privacy officers reveal them now. A `privacy_officer` may
 * reveal any token with a justification; those reveals are flagged for review. Flagged reveals get
 * a `reveal_reviews` row (in the reveal's transaction) for a different privacy officer to sign off.
 *
 * To someone who cannot see the token (no live carrier in a channel they belong to) a known token
 * answers exactly like an unknown one: `404 not_found` "Unknown token" — erased and known-subject
 * tokens included, so token existence cannot be probed (issue 7, item 9).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent, type AuditEventInput } from '../audit/index.ts';
import { lockAuditChain } from '../audit/append.ts';
import { VaultError, type Vault } from '../vault/index.ts';
import { newId } from '../../ids.ts';
import { carrierChannels, sharedSince } from './message-tokens.ts';
import type { ChannelClassOf } from './policy.ts';
import { subjectRevealCase } from '../cases/need-to-know.ts';

/** Minimum justification length, in UTF-16 code units after trimming. */
export const MIN_JUSTIFICATION = 12;

/** Reveal rate limit per person. */
export interface RevealRateLimit {
  /** Default 30. */
  max: number;
  /** Window in ms, default 10 min. */
  windowMs: number;
}
export const DEFAULT_REVEAL_RATE_LIMIT: RevealRateLimit = { max: 30, windowMs: 10 * 60_000 };

/** Dependencies of {@link revealToken}. */
export interface RevealDeps {
  vault: Vault;
  channelClassOf: ChannelClassOf;
  rateLimit?: RevealRateLimit;
}

/**
 * A reveal request. `memberSince` answers "since when is this user a member of this channel"
 * (ISO-8601 joining time), or `undefined` when they are not a member now.
 */
export interface RevealRequest {
  actor: string;
  /** The actor's role name (`privacy_officer` may reveal any token, flagged). */
  role: string;
  token: string;
  justification: string;
  memberSince: (channelId: string, userId: string) => string | undefined | Promise<string | undefined>;
  /** The subject field revealed (subject-card reveals), recorded in the audit event. */
  field?: string;
}

/** Why a granted reveal is flagged for review: the privacy-officer role, or a value shared before the caller joined. */
export type RevealFlag = 'privacy_officer' | 'shared_before_joined';

/** A granted reveal: the value is for display only (never cached, logged or indexed). */
export interface RevealGranted {
  value: string;
  entityType: string;
  /** True when the reveal goes to the review queue (see {@link RevealFlag}). */
  flagged: boolean;
  /** Set when `flagged`. */
  flagReason?: RevealFlag;
}

/** Thrown inside the grant's transaction when the recount behind the lock reaches the limit (rolls it back). */
class RevealRaceLost extends Error {}

const denied = (message: string): AppError => new AppError(403, 'reveal_denied', message);
/** Why a sealed carrier (imported history its channel would have blocked) gives no reveal. */
export const SEALED_MESSAGE = 'This value was imported from history that this channel would have blocked: it stays protected and cannot be revealed here';

/**
 * Decides and, when granted, decrypts. Call with the root database handle (it opens its own
 * transactions). Errors (`AppError`): `403 reveal_denied` (short justification, or the caller sees
 * the token but lacks need-to-know), `404 not_found` (unknown, or not visible to the caller), `410 erased`,
 * `429 rate_limited`; each written to the audit log as action `reveal` (or
 * `reveal.rate_limited`, plus one `alert.reveal_rate_limit` event per person and window for the
 * privacy officers) with `details.reason`.
 */
export async function revealToken(db: Kysely<Database>, deps: RevealDeps, req: RevealRequest): Promise<RevealGranted> {
  const limit = deps.rateLimit ?? DEFAULT_REVEAL_RATE_LIMIT;
  const target = `token:${req.token}`;
  const justification = req.justification.trim();
  const base = { actor: req.actor, target, justification: justification === '' ? null : justification.slice(0, 1000) };
  const deny = async (err: AppError, reason: string, extra: Partial<AuditEventInput> = {}): Promise<never> => {
    await appendAuditEvent(db, { ...base, action: 'reveal', outcome: err.status === 403 ? 'denied' : 'failed', details: { reason }, ...extra });
    throw err;
  };

  const since = new Date(Date.now() - limit.windowMs).toISOString();
  const recentReveals = async (q: Kysely<Database>): Promise<number> => {
    const r = await q
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('actor', '=', req.actor)
      .where('at', '>=', since)
      .where('action', '=', 'reveal')
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const rateLimited = async (): Promise<never> => {
    await db.transaction().execute(async (trx) => {
      await appendAuditEvent(trx, { ...base, action: 'reveal.rate_limited', outcome: 'denied', details: { reason: 'rate_limited', limit: limit.max, windowMs: limit.windowMs } });
      const alerted = await trx
        .selectFrom('audit_events')
        .select('seq')
        .where('action', '=', 'alert.reveal_rate_limit')
        .where('target', '=', `user:${req.actor}`)
        .where('at', '>=', since)
        .executeTakeFirst();
      if (!alerted) {
        await appendAuditEvent(trx, { actor: 'system', action: 'alert.reveal_rate_limit', target: `user:${req.actor}`, outcome: 'success', details: { limit: limit.max, windowMs: limit.windowMs } });
      }
    });
    throw new AppError(429, 'rate_limited', 'Too many reveals; try again later');
  };
  if ((await recentReveals(db)) >= limit.max) return rateLimited();

  if (justification.length < MIN_JUSTIFICATION) {
    return deny(denied(`A justification of at least ${MIN_JUSTIFICATION} characters is required`), 'justification_too_short');
  }
  const info = await deps.vault.describe(db, req.token);
  const unknown = (): AppError => new AppError(404, 'not_found', 'Unknown token');
  if (!info) return deny(unknown(), 'not_found');

  let via: string | undefined;
  let flag: RevealFlag | undefined;
  let caseId: string | undefined;
  if (req.role === 'privacy_officer') {
    if (info.erased) return deny(new AppError(410, 'erased', 'This data was erased'), 'erased');
    flag = 'privacy_officer';
  } else {
    // A known data subject's value: need-to-know is an assignment to an open case about the subject.
    if (info.scope.startsWith('subject:')) caseId = await subjectRevealCase(db, info.scope, req.actor, req.role, req.token);
    const member: { channelId: string; joinedAt: string; sealed: boolean }[] = [];
    for (const c of await carrierChannels(db, req.token)) {
      const joinedAt = await req.memberSince(c.channelId, req.actor);
      if (joinedAt !== undefined) member.push({ channelId: c.channelId, joinedAt, sealed: c.sealed });
    }
    // a carrier imported where its channel would block the value is sealed: no reveal through it
    let sealedSeen = false;
    // Not visible to the caller: the same answer as an unknown token (audited with the real reason).
    // A subject-card reveal (`field` given) is addressed by subject id, not by a token the caller
    // saw, so there is nothing to hide: it falls through to the need-to-know refusal (403).
    if (member.length === 0 && !caseId && req.field === undefined) return deny(unknown(), 'not_member', { outcome: 'denied' });
    if (info.erased) return deny(new AppError(410, 'erased', 'This data was erased'), 'erased');
    if (info.scope.startsWith('subject:')) {
      if (!caseId) return deny(denied('Values of a known data subject are revealed only to the case assignees'), 'known_subject');
      // A chip (no `field`) is revealed from a conversation: never from a broad channel.
      for (const m of member) {
        if ((await deps.channelClassOf(db, m.channelId)) === 'broad') continue;
        if (m.sealed) {
          sealedSeen = true;
          continue;
        }
        via = m.channelId;
        break;
      }
      if (!via && req.field === undefined) return sealedSeen ? deny(denied(SEALED_MESSAGE), 'sealed_import') : deny(denied('You may not reveal this value'), 'broad_channel');
    } else {
      let beforeJoin: string | undefined;
      for (const m of member) {
        if ((await deps.channelClassOf(db, m.channelId)) === 'broad') continue;
        if (m.sealed) {
          sealedSeen = true;
          continue;
        }
        if (await sharedSince(db, req.token, m.channelId, m.joinedAt)) {
          via = m.channelId;
          break;
        }
        beforeJoin ??= m.channelId;
      }
      if (!via && beforeJoin) {
        via = beforeJoin;
        flag = 'shared_before_joined';
      }
      if (!via) return sealedSeen ? deny(denied(SEALED_MESSAGE), 'sealed_import') : deny(denied('You may not reveal this value'), 'broad_channel');
    }
  }
  const flagged = flag !== undefined;

  try {
    return await db.transaction().execute(async (trx) => {
      // Counted again behind the audit chain lock (held until commit, so reveals of every node
      // are counted one after another): calls sent at once all passed the count above (red team 5).
      await lockAuditChain(trx);
      if ((await recentReveals(trx)) >= limit.max) throw new RevealRaceLost();
      const revealed = await deps.vault.reveal(trx, req.token);
      const event = await appendAuditEvent(trx, {
        ...base,
        action: 'reveal',
        outcome: 'success',
        details: { scope: revealed.scope, entityType: revealed.entityType, flagged, ...(flag ? { flagReason: flag } : {}), ...(via ? { channelId: via } : {}), ...(caseId ? { caseId } : {}), ...(req.field ? { field: req.field } : {}) },
      });
      if (!flag) return { value: revealed.value, entityType: revealed.entityType, flagged };
      await trx
        .insertInto('reveal_reviews')
        .values({ id: newId(), audit_seq: event.seq, revealer_id: req.actor, token: req.token, reason: flag, created_at: event.at, reviewed_by: null, reviewed_at: null, note: null })
        .execute();
      return { value: revealed.value, entityType: revealed.entityType, flagged, flagReason: flag };
    });
  } catch (err) {
    if (err instanceof RevealRaceLost) return rateLimited();
    if (err instanceof VaultError && err.code === 'erased') return deny(new AppError(410, 'erased', 'This data was erased'), 'erased');
    if (err instanceof VaultError) return deny(unknown(), 'not_found');
    await appendAuditEvent(db, { ...base, action: 'reveal', outcome: 'failed', details: { reason: 'error' } }).catch(() => undefined);
    throw err;
  }
}
