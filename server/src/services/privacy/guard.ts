/**
 * The privacy guard: every message text passes {@link PrivacyGuard.protect} before it is stored
 * or delivered. analyze → channel class → policy per entity type → block (422, nothing stored) or
 * tokenize (values to the vault, readable placeholders such as `[EMAIL_ADDRESS]` in the text).
 * In broad channels a LOCATION not tied to a person (`tiedToPerson: false`) is not a finding.
 */
import type { Kysely } from 'kysely';
import { analyze as analyzeText, analyzeAsShown, type Finding } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import { param, prepareQuery, type PreparedQuery } from '../../db/prepared.ts';
import { AppError } from '../../errors.ts';
import { appendAuditEvent, type AuditEventInput } from '../audit/index.ts';
import type { GuardInput, MessageEntity, MessageGuard } from '../chat/guard.ts';
import { VaultError, type Vault } from '../vault/index.ts';
import type { DataKey } from '../vault/data-keys.ts';
import { keyedHash } from '../vault/crypto.ts';
import { GuardCache, GuardCacheView } from './guard-cache.ts';
import { activeMarkHashes, markMayApply, markScope } from './marks.ts';
import { splitFindings } from './split-guard.ts';
import { linkTokenSubjects } from './shared-values.ts';
import { loadPolicies, type ChannelClass, type ChannelClassOf, type PolicyAction } from './policy.ts';

/** Dependencies of the guard. */
export interface PrivacyGuardDeps {
  vault: Vault;
  channelClassOf: ChannelClassOf;
  /**
   * The root database handle, used to write `block` audit events in their own transaction after
   * the caller's transaction (which the thrown error rolls back) has released the connection.
   */
  auditDb: Kysely<Database>;
  /**
   * The analyzer (default: `analyze(text)` of `@enclave/pii`); `channelId` is the channel the text
   * is posted to (for its conversation memory).
   */
  analyze?: GuardAnalyze;
  /**
   * The data subjects of the case whose room `channelId` is (none for other channels): their
   * supporting values (country, city, date of birth, a name part) are findings there even alone.
   */
  roomSubjects?: (db: Kysely<Database>, channelId: string) => Promise<readonly string[]>;
  /** Errors writing a deferred audit event (they cannot reach the request any more). */
  onAuditError?: (err: unknown) => void;
  /** Receives the policy action decided for each finding (entity type and action only: metrics). */
  onDecisions?: (decisions: Array<{ entityType: string; action: string }>) => void;
  /**
   * The process's cache of channel classes, policies, marks and data keys (see `guard-cache.ts`);
   * without it every message reads them from the database. Give it only with a `channelClassOf`
   * that reads the database (its invalidation follows database writes).
   */
  cache?: GuardCache;
}

/** Options the guard passes to its analyzer besides the text and channel. */
export interface GuardAnalyzeOptions {
  /** Subjects whose supporting values match alone (the subjects of the case room). */
  supportingSubjects?: readonly string[];
}

/** The guard's analyzer: text, the channel it is posted to (conversation memory), options. */
export type GuardAnalyze = (text: string, channelId?: string, opts?: GuardAnalyzeOptions) => Finding[];

/** Drops the findings of `text` that are exempt from protection (e.g. colleagues' names). */
export type GuardExempt = (text: string, findings: Finding[]) => Finding[];

/** A blocked finding as reported to the sender: type and position only, never the value. */
export interface BlockedFinding {
  entityType: string;
  start: number;
  end: number;
}

/**
 * Where data of each class belongs, shown to the sender of a blocked message. Points to a private
 * channel (case rooms cannot be created yet); the error also carries
 * `action: "create_private_channel"` so clients can offer the create-channel dialog.
 */
export function blockHint(cls: ChannelClass): string {
  return cls === 'broad'
    ? 'This channel is visible to many people. Share personal data in a private channel with only the people who need it (you can create one).'
    : 'This kind of personal data is not allowed in this channel. Share it in a private channel with only the people who need it.';
}

/** The client action offered beside a block hint: open the create-channel dialog (private). */
export const BLOCK_ACTION = 'create_private_channel';

/** The placeholder written in place of a tokenized value. */
export const placeholderFor = (entityType: string): string => `[${entityType}]`;

/** Messages with up to this many tokens record their channels with a query compiled once per size. */
const PREPARED_MAX = 16;
const tokenChannelInserts = new Map<number, PreparedQuery<Record<string, string | null>, unknown>>();

/** `insert into vault_token_channels … on conflict do nothing` of `n` tokens (`t0`…) of one channel and message. */
function tokenChannelsInsert(n: number): PreparedQuery<Record<string, string | null>, unknown> {
  let q = tokenChannelInserts.get(n);
  if (!q) {
    q = prepareQuery((db) =>
      db
        .insertInto('vault_token_channels')
        .values(Array.from({ length: n }, (_, i) => ({ token: param(`t${i}`), channel_id: param('channel'), message_id: param<string | null>('message'), created_at: param('now') })))
        .onConflict((oc) => oc.columns(['token', 'channel_id']).doNothing()),
    );
    tokenChannelInserts.set(n, q);
  }
  return q;
}

/** A cache that never holds anything (guards built without one): every lookup loads. */
const NO_CACHE = new GuardCache({ max: 1 });

/** Implements the chat server's {@link MessageGuard}. */
export class PrivacyGuard implements MessageGuard {
  readonly #deps: PrivacyGuardDeps;
  readonly #base: GuardAnalyze;
  readonly #analyzePlain: GuardAnalyze;
  readonly #pending = new Set<Promise<void>>();

  constructor(deps: PrivacyGuardDeps) {
    this.#deps = deps;
    this.#base = deps.analyze ?? ((text) => analyzeText(text));
    this.#analyzePlain = this.#analyzeWith(undefined);
  }

  /**
   * The guard's analyzer for one call: what readers see (Markdown marks gone) is analyzed too
   * (`192.0.2.**44**` shows the whole value); the view without the channel, so conversation memory
   * is fed once per message; `exempt` (the staff exemption) applied to each analyzed text.
   */
  #analyzeWith(exempt: GuardExempt | undefined): GuardAnalyze {
    const base = this.#base;
    return (text, channelId, opts) =>
      analyzeAsShown(text, (t, view) => {
        const found = base(t, view ? undefined : channelId, opts);
        return exempt ? exempt(t, found) : found;
      });
  }

  /**
   * Protects one message text. Returns the text to store (placeholders in place of tokenized
   * values) and `entities` with each placeholder's span in that text (UTF-16, end-exclusive) and
   * token, in text order. Writes a `tokenize` audit event (types and counts only) in `db`.
   * Throws `AppError(422, 'personal_data_blocked', message, { hint, findings })` when the policy
   * blocks any finding; the `block` audit event is then written in a separate transaction.
   */
  async protect(db: Kysely<Database>, input: GuardInput): Promise<{ text: string; entities: MessageEntity[] }> {
    return this.protectExempt(db, input, undefined);
  }

  /**
   * {@link protect} with `exempt` dropping findings that are not personal data in this workspace
   * (colleagues' names and @handles, see `staff-aware-guard.ts`), applied to every text the guard
   * analyzes for this message. Same answers and errors as {@link protect}.
   */
  async protectExempt(db: Kysely<Database>, input: GuardInput, exempt: GuardExempt | undefined): Promise<{ text: string; entities: MessageEntity[] }> {
    const analyze = exempt ? this.#analyzeWith(exempt) : this.#analyzePlain;
    const keep = input.keep ?? [];
    const view = this.#deps.cache ? await this.#deps.cache.begin(db) : new GuardCacheView(NO_CACHE, undefined);
    const cls = await view.channelClass(input.channelId, () => this.#deps.channelClassOf(db, input.channelId));
    const supportingSubjects = cls === 'case_room' && this.#deps.roomSubjects ? await this.#deps.roomSubjects(db, input.channelId) : [];
    const opts: GuardAnalyzeOptions = supportingSubjects.length > 0 ? { supportingSubjects } : {};
    const analyzed = analyze(input.text, input.channelId, opts).filter((f) => !keep.some((k) => f.start < k.end && k.start < f.end));
    // a place alone in a broad channel ("the Paris office") is no finding; tied to a person it is
    const found = cls === 'broad' ? analyzed.filter((f) => !(f.entityType === 'LOCATION' && f.tiedToPerson === false)) : analyzed;
    if (found.length === 0 && cls !== 'broad') return { text: input.text, entities: [...keep] };
    const policy = await view.policy(() => loadPolicies(db));
    const split = await splitFindings(db, analyze, (t) => policy(cls, t) === 'block', input);
    if (split.length > 0) {
      // the early block counts as a guard decision too (metrics), like a value typed whole
      this.#deps.onDecisions?.(split.map((f) => ({ entityType: f.entityType, action: 'block' })));
      this.#refuse(db, input, cls, split);
    }
    if (found.length === 0) return { text: input.text, entities: [...keep] };
    const findings = (await this.#withoutMarked(db, view, input, found, cls)).sort((a, b) => a.start - b.start);
    const decided = findings.map((f) => ({ f, action: policy(cls, f.entityType) as PolicyAction }));
    this.#deps.onDecisions?.(decided.map((d) => ({ entityType: d.f.entityType, action: d.action })));
    const blocked: BlockedFinding[] = decided.filter((d) => d.action === 'block').map(({ f }) => ({ entityType: f.entityType, start: f.start, end: f.end }));
    if (blocked.length > 0) this.#refuse(db, input, cls, blocked);
    const toTokenize = mergeOverlaps(decided.filter((d) => d.action === 'tokenize').map((d) => d.f));
    const tokenOf = await this.#tokenize(db, view, input, toTokenize);
    let text = '';
    let at = 0;
    const entities: MessageEntity[] = [];
    const pieces: Array<{ start: number; kept?: MessageEntity; f?: Finding }> = [
      ...toTokenize.map((f) => ({ start: f.start, f })),
      ...keep.map((k) => ({ start: k.start, kept: k })),
    ].sort((a, b) => a.start - b.start);
    for (const { kept, f } of pieces) {
      if (kept) {
        text += input.text.slice(at, kept.start);
        entities.push({ entityType: kept.entityType, start: text.length, end: text.length + (kept.end - kept.start), token: kept.token });
        text += input.text.slice(kept.start, kept.end);
        at = kept.end;
        continue;
      }
      if (!f) continue;
      const token = tokenOf.get(f) as string;
      text += input.text.slice(at, f.start);
      const placeholder = placeholderFor(f.entityType);
      entities.push({ entityType: f.entityType, start: text.length, end: text.length + placeholder.length, token });
      text += placeholder;
      at = f.end;
    }
    if (entities.length === 0) return { text: input.text, entities: [] };
    text += input.text.slice(at);
    const keptTokens = new Set(keep.map((k) => k.token));
    if (entities.length === keep.length) return { text, entities };
    await appendAuditEvent(db, {
      actor: input.authorId,
      action: 'tokenize',
      target: `channel:${input.channelId}`,
      outcome: 'success',
      details: { channelClass: cls, counts: countByType(entities.filter((e) => !keptTokens.has(e.token))), ...(input.messageId ? { messageId: input.messageId } : {}) },
    });
    return { text, entities };
  }

  /** Writes the `block` audit event (separately) and throws the 422 `personal_data_blocked` answer. */
  #refuse(db: Kysely<Database>, input: GuardInput, cls: ChannelClass, blocked: BlockedFinding[]): never {
    this.#auditSeparately(db, {
      actor: input.authorId,
      action: 'block',
      target: `channel:${input.channelId}`,
      outcome: 'denied',
      details: { channelClass: cls, counts: countByType(blocked), ...(input.messageId ? { messageId: input.messageId } : {}) },
    });
    throw new AppError(422, 'personal_data_blocked', `This message contains personal data (${summary(blocked)}) that this channel does not accept.`, {
      hint: blockHint(cls),
      action: BLOCK_ACTION,
      findings: blocked,
    });
  }

  /** Resolves when every deferred audit write has finished (for tests and shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  /**
   * Moves the values of `list` to the vault: one data-key lookup (cached), one query for existing
   * values and one insert per scope (`Vault.tokenizeMany`), then one insert recording every token's
   * channel. Returns each finding's token.
   */
  async #tokenize(db: Kysely<Database>, view: GuardCacheView, input: GuardInput, list: Finding[]): Promise<Map<Finding, string>> {
    const tokenOf = new Map<Finding, string>();
    if (list.length === 0) return tokenOf;
    const byScope = new Map<string, Finding[]>();
    for (const f of list) {
      const scope = f.entityType === 'KNOWN_SUBJECT' && f.subjectId ? `subject:${f.subjectId}` : `channel:${input.channelId}`;
      const group = byScope.get(scope);
      if (group) group.push(f);
      else byScope.set(scope, [f]);
    }
    for (const [scope, group] of byScope) {
      const tokens = await this.#tokenizeScope(db, view, scope, group, input);
      group.forEach((f, i) => tokenOf.set(f, tokens[i] as string));
      for (const f of group) if (f.entityType === 'KNOWN_SUBJECT') await linkTokenSubjects(db, tokenOf.get(f) as string, f);
    }
    const now = new Date().toISOString();
    const tokens = [...new Set(tokenOf.values())];
    if (tokens.length <= PREPARED_MAX) {
      const params: Record<string, string | null> = { channel: input.channelId, message: input.messageId ?? null, now };
      tokens.forEach((t, i) => (params[`t${i}`] = t));
      await tokenChannelsInsert(tokens.length).execute(db, params);
    } else {
      await db
        .insertInto('vault_token_channels')
        .values(tokens.map((token) => ({ token, channel_id: input.channelId, message_id: input.messageId ?? null, created_at: now })))
        .onConflict((oc) => oc.columns(['token', 'channel_id']).doNothing())
        .execute();
    }
    return tokenOf;
  }

  /**
   * Tokenizes one scope's values. A data subject erased by another node a moment ago may still be
   * in this node's known-subject index (it polls every 500 ms, `known-subject-sync.ts`): its data
   * key is gone, and the vault throws `erased`. That message is refused with `503 subject_erased`
   * (retryable, nothing stored: the unit of work rolls back) instead of an internal error; by the
   * retry the index no longer holds the subject and its values are protected as plain entities.
   * @throws AppError 503 `subject_erased`; any other vault or database error unchanged
   */
  async #tokenizeScope(db: Kysely<Database>, view: GuardCacheView, scope: string, group: Finding[], input: GuardInput): Promise<string[]> {
    try {
      const key = await this.#dataKey(db, view, scope);
      return await this.#deps.vault.tokenizeMany(
        db,
        scope,
        group.map((f) => ({ entityType: f.entityType, value: input.text.slice(f.start, f.end) })),
        { key },
      );
    } catch (err) {
      if (scope.startsWith('subject:') && err instanceof VaultError && err.code === 'erased') {
        throw new AppError(503, 'subject_erased', 'A data subject named in this message was erased a moment ago; nothing was stored. Send it again in a second.', { retryAfterMs: 1000 });
      }
      throw err;
    }
  }

  /** The data key of `scope` through the cache (created when missing, in `db`). */
  #dataKey(db: Kysely<Database>, view: GuardCacheView, scope: string): Promise<DataKey> {
    return view.dataKey(scope, async () => {
      const info = await this.#deps.vault.keys.dataKeyInfo(db, scope, true);
      if (!info) throw new Error('unreachable: data key not created');
      return info;
    });
  }

  /** Drops findings covered by an approved mark of this channel (never hard identifiers while the channel is broad). */
  async #withoutMarked(db: Kysely<Database>, view: GuardCacheView, input: GuardInput, found: Finding[], cls: ChannelClass): Promise<Finding[]> {
    const marks = await view.marks(input.channelId, () => activeMarkHashes(db, input.channelId));
    if (marks.size === 0) return found;
    const kept: Finding[] = [];
    for (const f of found) {
      if (f.entityType !== 'KNOWN_SUBJECT' && markMayApply(f.entityType, cls)) {
        const key = await this.#dataKey(db, view, markScope(input.channelId));
        if (marks.has(keyedHash(key.markKey, input.text.slice(f.start, f.end)))) continue;
      }
      kept.push(f);
    }
    return kept;
  }

  #auditSeparately(db: Kysely<Database>, event: AuditEventInput): void {
    // Inside the caller's transaction we cannot open another one on the same connection: defer
    // until the thrown error has rolled it back and released the connection.
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => appendAuditEvent(db.isTransaction ? this.#deps.auditDb : db, event))
      .then(
        () => undefined,
        (err: unknown) => this.#deps.onAuditError?.(err),
      );
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }
}

/**
 * The analyzer returns non-overlapping findings, but a custom `analyze` might not: overlapping
 * spans are merged into the earlier finding (extended to the later end), so no part of a value is
 * left raw. Input sorted by start.
 */
function mergeOverlaps(sorted: Finding[]): Finding[] {
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) out[out.length - 1] = { ...last, end: Math.max(last.end, f.end) };
    else out.push(f);
  }
  return out;
}

function countByType(list: { entityType: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const x of list) counts[x.entityType] = (counts[x.entityType] ?? 0) + 1;
  return counts;
}

function summary(list: { entityType: string }[]): string {
  return Object.entries(countByType(list))
    .map(([t, n]) => (n > 1 ? `${n}× ${t}` : t))
    .join(', ');
}
