/**
 * Reveal decisions (issue 4, "Reveal"): who may see a token's raw value, with what justification,
 * how often — and an audit event for every attempt (success in the same transaction as the
 * decryption, denials and failures in their own transaction).
 *
 * Need-to-know in this version: the caller is a current member of a private, non-broad channel the
 * token was shared in, and gives a justification of at least 12 characters. Broad channels never
 * allow a reveal. Values of a known data subject (`subject:` scope) need a case assignment, which
 * arrives with the cases issue, so only privacy officers reveal them now. A `privacy_officer` may
 * reveal any token with a justification; those reveals are flagged for review.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent, type AuditEventInput } from '../audit/index.ts';
import { VaultError, type Vault } from '../vault/index.ts';
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

/** A reveal request. `isMember` answers "is this user a member of this channel now". */
export interface RevealRequest {
  actor: string;
  /** The actor's role name (`privacy_officer` may reveal any token, flagged). */
  role: string;
  token: string;
  justification: string;
  isMember: (channelId: string, userId: string) => boolean | Promise<boolean>;
  /** The subject field revealed (subject-card reveals), recorded in the audit event. */
  field?: string;
}

/** A granted reveal: the value is for display only (never cached, logged or indexed). */
export interface RevealGranted {
  value: string;
  entityType: string;
  /** True when granted by the privacy-officer role rather than need-to-know (review needed). */
  flagged: boolean;
}

const denied = (message: string): AppError => new AppError(403, 'reveal_denied', message);

/**
 * Decides and, when granted, decrypts. Call with the root database handle (it opens its own
 * transactions). Errors (`AppError`): `403 reveal_denied`, `404 not_found`, `410 erased`,
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
  const recent = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('actor', '=', req.actor)
    .where('at', '>=', since)
    .where('action', '=', 'reveal')
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= limit.max) {
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
  }

  if (justification.length < MIN_JUSTIFICATION) {
    return deny(denied(`A justification of at least ${MIN_JUSTIFICATION} characters is required`), 'justification_too_short');
  }
  const info = await deps.vault.describe(db, req.token);
  if (!info) return deny(new AppError(404, 'not_found', 'Unknown token'), 'not_found');
  if (info.erased) return deny(new AppError(410, 'erased', 'This data was erased'), 'erased');

  let via: string | undefined;
  let caseId: string | undefined;
  const flagged = req.role === 'privacy_officer';
  if (!flagged) {
    if (info.scope.startsWith('subject:')) {
      caseId = await subjectRevealCase(db, info.scope, req.actor, req.role);
      if (!caseId) return deny(denied('Values of a known data subject are revealed only to the case assignees'), 'known_subject');
    }
    const channels = await db.selectFrom('vault_token_channels').select('channel_id').where('token', '=', req.token).orderBy('created_at').execute();
    let sawBroad = false;
    for (const { channel_id } of channels) {
      if (!(await req.isMember(channel_id, req.actor))) continue;
      if ((await deps.channelClassOf(db, channel_id)) === 'broad') {
        sawBroad = true;
        continue;
      }
      via = channel_id;
      break;
    }
    if (!via && !caseId) return deny(denied('You may not reveal this value'), sawBroad ? 'broad_channel' : 'not_member');
  }

  try {
    return await db.transaction().execute(async (trx) => {
      const revealed = await deps.vault.reveal(trx, req.token);
      await appendAuditEvent(trx, {
        ...base,
        action: 'reveal',
        outcome: 'success',
        details: { scope: revealed.scope, entityType: revealed.entityType, flagged, ...(via ? { channelId: via } : {}), ...(caseId ? { caseId } : {}), ...(req.field ? { field: req.field } : {}) },
      });
      return { value: revealed.value, entityType: revealed.entityType, flagged };
    });
  } catch (err) {
    if (err instanceof VaultError && err.code === 'erased') return deny(new AppError(410, 'erased', 'This data was erased'), 'erased');
    if (err instanceof VaultError) return deny(new AppError(404, 'not_found', 'Unknown token'), 'not_found');
    await appendAuditEvent(db, { ...base, action: 'reveal', outcome: 'failed', details: { reason: 'error' } }).catch(() => undefined);
    throw err;
  }
}
