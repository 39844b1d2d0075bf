/**
 * Fan-out of committed domain events to the stream sockets of every node.
 *
 * Without `REDIS_URL`, {@link localFanout}: the writer's events go straight to this node's hub
 * (behaviour of a single node, unchanged). With it, {@link RedisFanout}: each node delivers its
 * own events at once and publishes them on one Redis pub/sub channel
 * (https://redis.io/docs/latest/develop/interact/pubsub/); the other nodes deliver them from
 * there. Every node delivers stream events strictly in `seq` order (so per-channel order holds
 * across nodes): an event that arrives ahead of a missing `seq` waits while the node reads the
 * missing events from the `events` table (catch-up). A poll of the table's newest `seq` (every
 * `pollMs`) finds events whose Redis message never came (Redis down, a dropped connection), so
 * a lost Redis message only delays a delivery, never loses it. The database is the truth; Redis
 * only makes delivery fast.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/schema/index.ts';
import { frameOf, type DomainEvent, type StreamEvent } from '../events.ts';
import type { Hub } from './hub.ts';

/** Where the writer sends the events of committed units. */
export interface Fanout {
  /** Delivers the events of one committed unit (in commit order). */
  dispatch(events: DomainEvent[]): void;
  /** Stream events received or committed but not yet delivered (waiting for a missing seq). */
  backlog(): number;
  /** Resolves when the fan-out's dependencies answer (Redis `PING`); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** The single-node fan-out: straight to the hub. */
export function localFanout(hub: Hub): Fanout {
  return {
    dispatch: (events) => hub.dispatch(events),
    backlog: () => 0,
    ping: async () => undefined,
    close: async () => undefined,
  };
}

/** The Redis pub/sub channel carrying every node's events. */
export const FANOUT_CHANNEL = 'enclave:events';

/** Options of {@link RedisFanout}. */
export interface RedisFanoutOptions {
  hub: Hub;
  /** Command connection (publish, ping); `enableOfflineQueue: false` so a dead Redis fails fast. */
  pub: Redis;
  /** Subscriber connection (a connection in subscribe mode takes no other commands). */
  sub: Redis;
  /** A connection that sees every committed write (catch-up reads). */
  readDb: Kysely<Database>;
  logger: Logger;
  /** How often the `events` table's newest seq is polled, ms (default 1000). */
  pollMs?: number;
  /** How long a missing seq is waited for before it is skipped (a rolled-back id on PostgreSQL), ms (default 3000). */
  holeWaitMs?: number;
  /** Called with each event delivered (metrics). */
  onDelivered?: (e: StreamEvent) => void;
}

interface WireStream {
  kind: 'stream';
  seq: number;
  channelId: string | null;
  userId: string | null;
  frame: string;
  subscribe?: string[];
  unsubscribe?: string;
}
type WireEvent = WireStream | { kind: 'sessions_ended'; userId: string; sessionIds: string[] | 'all' };

/** Catch-up rows read per query. */
const CATCH_UP_PAGE = 500;

/** Fan-out between nodes over Redis pub/sub with catch-up from the `events` table. */
export class RedisFanout implements Fanout {
  readonly nodeId = randomBytes(8).toString('hex');
  readonly #o: RedisFanoutOptions;
  /** Highest seq delivered (or skipped) on this node. */
  #cursor = 0;
  readonly #waiting = new Map<number, StreamEvent>();
  #filling: Promise<void> | null = null;
  #again = false;
  #hole: { seq: number; since: number } | null = null;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(opts: RedisFanoutOptions) {
    this.#o = opts;
  }

  /** Reads the newest seq (delivery starts after it), subscribes and starts polling. */
  async start(): Promise<void> {
    this.#cursor = await this.#newestSeq();
    this.#o.sub.on('message', (channel: string, message: string) => {
      if (channel === FANOUT_CHANNEL) this.#receive(message);
    });
    // After a reconnect (ioredis re-subscribes by itself), catch up what was published meanwhile.
    this.#o.sub.on('ready', () => this.#catchUp());
    await this.#o.sub.subscribe(FANOUT_CHANNEL);
    this.#timer = setInterval(() => this.#catchUp(), this.#o.pollMs ?? 1000).unref();
  }

  dispatch(events: DomainEvent[]): void {
    if (events.length === 0) return;
    const wire: WireEvent[] = events.map((e) =>
      e.kind === 'stream' ? { kind: 'stream', seq: e.seq, channelId: e.channelId, userId: e.userId, frame: e.frame.toString('utf8'), subscribe: e.subscribe, unsubscribe: e.unsubscribe } : e,
    );
    // Published before this node's own sockets are written to, so the other nodes fan out at the
    // same time instead of after this node's loop (a 10,000-socket channel: tens of ms).
    // Best effort: a publish that fails is caught up by the other nodes' poll.
    this.#o.pub.publish(FANOUT_CHANNEL, JSON.stringify({ node: this.nodeId, events: wire })).catch(() => undefined);
    for (const e of events) {
      if (e.kind === 'stream') this.#offer(e);
      else this.#o.hub.dispatch([e]);
    }
  }

  backlog(): number {
    return this.#waiting.size;
  }

  async ping(): Promise<void> {
    await this.#o.pub.ping();
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#filling;
    this.#o.sub.disconnect();
    this.#o.pub.disconnect();
  }

  #receive(message: string): void {
    let parsed: { node?: unknown; events?: unknown };
    try {
      parsed = JSON.parse(message) as { node?: unknown; events?: unknown };
    } catch {
      return;
    }
    if (parsed.node === this.nodeId || !Array.isArray(parsed.events)) return;
    for (const w of parsed.events as WireEvent[]) {
      if (w.kind === 'stream') {
        this.#offer({ kind: 'stream', seq: w.seq, channelId: w.channelId, userId: w.userId, frame: Buffer.from(w.frame, 'utf8'), subscribe: w.subscribe, unsubscribe: w.unsubscribe });
      } else if (w.kind === 'sessions_ended') {
        this.#o.hub.dispatch([w]);
      }
    }
  }

  /** Takes one stream event: delivers it and whatever it unblocks, or waits for the missing seqs. */
  #offer(e: StreamEvent): void {
    if (e.seq <= this.#cursor) return;
    this.#waiting.set(e.seq, e);
    this.#drain();
    if (this.#waiting.size > 0) this.#catchUp();
  }

  #drain(): void {
    for (let next = this.#waiting.get(this.#cursor + 1); next; next = this.#waiting.get(this.#cursor + 1)) {
      this.#waiting.delete(next.seq);
      this.#deliver(next);
    }
  }

  #deliver(e: StreamEvent): void {
    this.#cursor = e.seq;
    this.#hole = null;
    this.#o.hub.dispatch([e]);
    this.#o.onDelivered?.(e);
  }

  /** Reads the events after the cursor from the database (single flight; re-runs when asked meanwhile). */
  #catchUp(): void {
    if (this.#closed) return;
    if (this.#filling) {
      this.#again = true;
      return;
    }
    this.#filling = (async () => {
      do {
        this.#again = false;
        try {
          await this.#fillFromDatabase();
        } catch (err) {
          this.#o.logger.warn({ err: { message: err instanceof Error ? err.message : String(err) } }, 'fan-out: catch-up failed');
        }
      } while (this.#again && !this.#closed);
    })().finally(() => {
      this.#filling = null;
    });
  }

  async #fillFromDatabase(): Promise<void> {
    for (;;) {
      const rows = await this.#o.readDb
        .selectFrom('events')
        .select(['seq', 'channel_id', 'user_id', 'type', 'payload'])
        .where('seq', '>', this.#cursor)
        .orderBy('seq')
        .limit(CATCH_UP_PAGE)
        .execute();
      for (const r of rows) {
        if (r.seq <= this.#cursor) continue;
        if (r.seq !== this.#cursor + 1 && !this.#holeExpired(this.#cursor + 1)) return;
        const e = this.#waiting.get(r.seq) ?? (await this.#fromRow(r));
        // a live event may have delivered it while the row's subscriptions were read
        if (r.seq <= this.#cursor) continue;
        this.#waiting.delete(r.seq);
        this.#deliver(e);
        this.#drain();
      }
      if (rows.length < CATCH_UP_PAGE) return;
    }
  }

  /** True once `seq` has been missing longer than `holeWaitMs` (then it is skipped). */
  #holeExpired(seq: number): boolean {
    const now = Date.now();
    if (!this.#hole || this.#hole.seq !== seq) this.#hole = { seq, since: now };
    return now - this.#hole.since >= (this.#o.holeWaitMs ?? 3000);
  }

  /** Rebuilds a stream event from its stored row (subscriptions from the event type). */
  async #fromRow(r: { seq: number; channel_id: string | null; user_id: string | null; type: string; payload: string }): Promise<StreamEvent> {
    const e: StreamEvent = { kind: 'stream', seq: r.seq, channelId: r.channel_id, userId: r.user_id, frame: frameOf(r.seq, r.payload) };
    if (r.type === 'channel.member_added' || r.type === 'channel.member_removed') {
      const who = (JSON.parse(r.payload) as { userId?: unknown }).userId;
      if (typeof who === 'string') {
        if (r.type === 'channel.member_added') e.subscribe = [who];
        else e.unsubscribe = who;
      }
    } else if (r.type === 'channel.created' && r.channel_id) {
      const members = await this.#o.readDb.selectFrom('channel_members').select('user_id').where('channel_id', '=', r.channel_id).execute();
      e.subscribe = members.map((m) => m.user_id);
    }
    return e;
  }

  async #newestSeq(): Promise<number> {
    const top = await this.#o.readDb.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
    return Number(top?.seq ?? 0);
  }
}
