/**
 * Retention of the `events` log (the stream's replay source). An event is pruned once it is BOTH
 * older than `days` AND beyond the newest `perScope` events of its scope (its channel, or for
 * user-only events its user): what any reader may still replay stays, since a reader's events
 * are the union of their channels' and their own, and a replay more than `replayMax` (10,000)
 * events behind is answered with a reset anyway. The highest pruned seq of each scope is kept in
 * `events_pruned`; a stream resuming from a cursor below it gets `{ "type": "reset" }`.
 * Dialect-neutral Kysely (SQLite and PostgreSQL).
 */
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import type { Database } from '../../db/schema/index.ts';

/** What to keep. */
export interface EventRetention {
  /** Newest events kept per channel and per user (for user-only events). */
  perScope: number;
  /** Events younger than this are kept whatever their number. */
  days: number;
}

/** Rows deleted per statement (bounds one write transaction). */
const BATCH = 5000;

type Scope = { kind: 'channel'; id: string } | { kind: 'user'; id: string };

/** Scopes holding more than `perScope` events (candidates for pruning). */
async function crowdedScopes(db: Kysely<Database>, perScope: number): Promise<Scope[]> {
  const channels = await db
    .selectFrom('events')
    .select('channel_id')
    .where('channel_id', 'is not', null)
    .groupBy('channel_id')
    .having((eb) => eb.fn.countAll(), '>', perScope)
    .execute();
  const users = await db
    .selectFrom('events')
    .select('user_id')
    .where('channel_id', 'is', null)
    .where('user_id', 'is not', null)
    .groupBy('user_id')
    .having((eb) => eb.fn.countAll(), '>', perScope)
    .execute();
  return [
    ...channels.map((r) => ({ kind: 'channel' as const, id: r.channel_id as string })),
    ...users.map((r) => ({ kind: 'user' as const, id: r.user_id as string })),
  ];
}

/** Records that events up to `seq` of `scope` are gone (keeps the highest). */
async function markPruned(db: Kysely<Database>, scope: string, seq: number, at: string): Promise<void> {
  const prev = await db.selectFrom('events_pruned').select('up_to_seq').where('scope', '=', scope).executeTakeFirst();
  if (prev && prev.up_to_seq >= seq) return;
  await db
    .insertInto('events_pruned')
    .values({ scope, up_to_seq: seq, pruned_at: at })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ up_to_seq: seq, pruned_at: at }))
    .execute();
}

/**
 * Prunes one scope inside the caller's transaction `db`; returns the rows deleted. Events that
 * also target a user (`channel.member_removed`) mark that user's scope too.
 */
async function pruneScope(db: Kysely<Database>, scope: Scope, keep: EventRetention, now: Date): Promise<number> {
  const before = new Date(now.getTime() - keep.days * 86_400_000).toISOString();
  const inScope = () => {
    const q = db.selectFrom('events');
    return scope.kind === 'channel' ? q.where('channel_id', '=', scope.id) : q.where('channel_id', 'is', null).where('user_id', '=', scope.id);
  };
  const newestDropped = await inScope().select('seq').orderBy('seq', 'desc').offset(keep.perScope).limit(1).executeTakeFirst();
  if (!newestDropped) return 0;
  const victims = await inScope()
    .select(['seq', 'user_id'])
    .where('seq', '<=', newestDropped.seq)
    .where('created_at', '<', before)
    .orderBy('seq', 'desc')
    .limit(BATCH)
    .execute();
  if (victims.length === 0) return 0;
  const at = now.toISOString();
  await markPruned(db, `${scope.kind}:${scope.id}`, victims[0]?.seq as number, at);
  const userMax = new Map<string, number>();
  for (const v of victims) if (scope.kind === 'channel' && v.user_id !== null && !userMax.has(v.user_id)) userMax.set(v.user_id, v.seq);
  for (const [user, seq] of userMax) await markPruned(db, `user:${user}`, seq, at);
  const seqs = victims.map((v) => v.seq);
  for (let i = 0; i < seqs.length; i += 500) await db.deleteFrom('events').where('seq', 'in', seqs.slice(i, i + 500)).execute();
  return victims.length;
}

/** One pruning pass over every crowded scope, each scope in its own write unit; returns the rows deleted. */
export async function pruneEvents(ctx: Pick<AppContext, 'write' | 'readDb'>, keep: EventRetention, now = new Date()): Promise<number> {
  let deleted = 0;
  for (const scope of await crowdedScopes(ctx.readDb, keep.perScope)) {
    for (;;) {
      const n = await ctx.write((uow) => pruneScope(uow.db, scope, keep, now));
      deleted += n;
      if (n < BATCH) break;
    }
  }
  return deleted;
}

/**
 * The highest pruned seq among the scopes a reader of `userId` in `channels` sees (0: none), for
 * the stream's resume check.
 */
export async function prunedUpTo(db: Kysely<Database>, userId: string, channels: string[]): Promise<number> {
  const scopes = [`user:${userId}`, ...channels.map((c) => `channel:${c}`)];
  let top = 0;
  for (let i = 0; i < scopes.length; i += 500) {
    const r = await db
      .selectFrom('events_pruned')
      .select((eb) => eb.fn.max('up_to_seq').as('seq'))
      .where('scope', 'in', scopes.slice(i, i + 500))
      .executeTakeFirst();
    top = Math.max(top, Number(r?.seq ?? 0));
  }
  return top;
}

/** Runs {@link pruneEvents} every `everyMinutes` (first pass after one interval); returns the stop function. */
export function startEventRetentionJob(ctx: AppContext, keep: EventRetention & { everyMinutes: number }): () => void {
  const timer = setInterval(() => {
    pruneEvents(ctx, keep).catch((err: unknown) => ctx.logger.error({ err: { message: err instanceof Error ? err.message : String(err) } }, 'event-log pruning failed'));
  }, keep.everyMinutes * 60_000).unref();
  return () => clearInterval(timer);
}
