/**
 * Real-time fan-out, in process. Holds the open stream sockets indexed by channel and by user,
 * and delivers each domain event's frame — serialised once, the same Buffer to every socket —
 * to the members of its channel and/or its target user, each socket at most once, in `seq`
 * order (events are dispatched in commit order by the `Writer`, `unit-of-work.ts`).
 *
 * Resource bounds (issue 7, item 13): every frame the server sends — events, replays, hello,
 * reset and pongs — goes through {@link Hub.sendFrame}, which closes a socket whose unsent
 * buffer exceeds `socketBufferBytes` (1013); only a pong echoing the payload of the server's own
 * latest ping counts as liveness; a socket slot is reserved synchronously before the upgrade
 * ({@link Hub.reserve}), so parallel upgrades cannot exceed the per-user limit.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { DomainEvent, StreamEvent } from '../events.ts';

/** WebSocket close codes used by the stream (RFC 6455 §7.4.1, plus 4401 for "session ended"). */
export const CLOSE = {
  goingAway: 1001,
  policy: 1008,
  tryAgainLater: 1013,
  sessionEnded: 4401,
} as const;

/** One open stream socket. */
export class StreamClient {
  readonly channels = new Set<string>();
  /** While replaying, live frames wait here. */
  pending: Array<{ seq: number; frame: Buffer }> | null = [];
  /** Highest seq sent (or covered by the hello snapshot). */
  lastSeq = 0;
  closed = false;
  /**
   * Payload of the server's heartbeat ping not yet answered (null: none outstanding). Only a
   * pong echoing it counts (RFC 6455 §5.5.3); unsolicited pongs (§5.5.3 allows them) do not.
   */
  pingPayload: Buffer | null = null;
  /** Heartbeat slice of this socket (set by {@link Hub.register}): pinged on the ticks of this slice. */
  heartbeatSlice = 0;
  constructor(
    readonly ws: WebSocket,
    readonly userId: string,
    readonly sessionId: string | null,
  ) {}
}

export interface HubOptions {
  socketBufferBytes: number;
  logger: Logger;
  /**
   * Ping period in ms; a socket that has not answered the previous ping is terminated (0 = off).
   * The sockets are pinged in {@link HEARTBEAT_SLICES} slices spread over the period (each
   * socket once a period), not all at once: with 5,000 sockets one burst of pings held the event
   * loop for ~150 ms, which every event delivered meanwhile waited for.
   */
  heartbeatMs?: number;
  /** Called for each event frame written to a socket (metrics). */
  onDelivered?: () => void;
}

/** Slices of the heartbeat period (see {@link HubOptions.heartbeatMs}). */
export const HEARTBEAT_SLICES = 10;

export class Hub {
  private readonly byChannel = new Map<string, Set<StreamClient>>();
  private readonly byUser = new Map<string, Set<StreamClient>>();
  /** Slots reserved by upgrades in progress, per user. */
  private readonly reserved = new Map<string, number>();
  private readonly timer: NodeJS.Timeout | undefined;
  /** Sockets registered so far (round-robin heartbeat slices). */
  private registered = 0;
  /** Heartbeat ticks so far; tick `t` pings slice `t % HEARTBEAT_SLICES`. */
  private ticks = 0;
  constructor(private readonly opts: HubOptions) {
    const every = opts.heartbeatMs ?? 30_000;
    if (every > 0) this.timer = setInterval(() => this.heartbeat(this.ticks++ % HEARTBEAT_SLICES), every / HEARTBEAT_SLICES).unref();
  }

  /** Stops the heartbeat timer (shutdown). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One heartbeat tick: the sockets of `slice` that missed their previous ping are terminated, the others pinged. */
  private heartbeat(slice: number): void {
    // (deleting the current entry while iterating a Map or Set is well-defined: no copies needed)
    for (const set of this.byUser.values()) {
      for (const c of set) {
        if (c.heartbeatSlice !== slice) continue;
        if (c.pingPayload !== null) {
          this.unregister(c);
          c.ws.terminate();
          continue;
        }
        c.pingPayload = randomBytes(8);
        try {
          c.ws.ping(c.pingPayload);
        } catch {
          this.unregister(c);
        }
      }
    }
  }

  /** A pong arrived on `client`: liveness only when it echoes the outstanding heartbeat ping. */
  pong(client: StreamClient, payload: Buffer): void {
    if (client.pingPayload !== null && payload.equals(client.pingPayload)) client.pingPayload = null;
  }

  /** Number of open sockets of `userId` (or of everyone). */
  /** Ids of the users with at least one open socket. */
  connectedUsers(): string[] {
    return [...this.byUser.keys()];
  }

  count(userId?: string): number {
    if (userId === undefined) {
      let n = 0;
      for (const set of this.byUser.values()) n += set.size;
      return n;
    }
    return this.byUser.get(userId)?.size ?? 0;
  }

  /**
   * Reserves one socket slot for `userId` when open sockets plus reservations are below `max`;
   * returns the idempotent release function, or null when the user is at the limit. Synchronous,
   * so two upgrades can never take the same last slot.
   */
  reserve(userId: string, max: number): (() => void) | null {
    const held = this.reserved.get(userId) ?? 0;
    if (this.count(userId) + held >= max) return null;
    this.reserved.set(userId, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.reserved.get(userId) ?? 1) - 1;
      if (n <= 0) this.reserved.delete(userId);
      else this.reserved.set(userId, n);
    };
  }

  /** Slots reserved by upgrades in progress (of `userId`, or of everyone). */
  reservedCount(userId?: string): number {
    if (userId !== undefined) return this.reserved.get(userId) ?? 0;
    let n = 0;
    for (const v of this.reserved.values()) n += v;
    return n;
  }

  /** Adds a client (in replay mode) to the user index. */
  register(client: StreamClient): void {
    client.heartbeatSlice = this.registered++ % HEARTBEAT_SLICES;
    let set = this.byUser.get(client.userId);
    if (!set) this.byUser.set(client.userId, (set = new Set()));
    set.add(client);
  }

  /** Subscribes `client` to `channelId`. */
  subscribe(client: StreamClient, channelId: string): void {
    client.channels.add(channelId);
    let set = this.byChannel.get(channelId);
    if (!set) this.byChannel.set(channelId, (set = new Set()));
    set.add(client);
  }

  /** Removes a client from every index (idempotent). */
  unregister(client: StreamClient): void {
    client.closed = true;
    for (const ch of client.channels) {
      const set = this.byChannel.get(ch);
      set?.delete(client);
      if (set && set.size === 0) this.byChannel.delete(ch);
    }
    client.channels.clear();
    const set = this.byUser.get(client.userId);
    set?.delete(client);
    if (set && set.size === 0) this.byUser.delete(client.userId);
  }

  /** Ends replay: sends buffered live frames newer than `lastSeq`, then goes live. */
  goLive(client: StreamClient): void {
    const pending = client.pending ?? [];
    client.pending = null;
    for (const p of pending) this.send(client, p.seq, p.frame);
  }

  /** Delivers events after their transaction committed. */
  dispatch(events: DomainEvent[]): void {
    for (const e of events) {
      if (e.kind === 'stream') this.deliver(e);
      else this.closeSessions(e.userId, e.sessionIds);
    }
  }

  /** Closes the sockets of a user's given sessions (or all of them) with 4401. */
  closeSessions(userId: string, sessionIds: string[] | 'all'): void {
    const set = this.byUser.get(userId);
    if (!set) return;
    for (const c of [...set]) {
      if (sessionIds === 'all' || (c.sessionId !== null && sessionIds.includes(c.sessionId))) {
        this.close(c, CLOSE.sessionEnded, 'session ended');
      }
    }
  }

  /** Closes every socket with `code` (shutdown: 1001). */
  closeAll(code: number, reason: string): void {
    for (const set of [...this.byUser.values()]) for (const c of [...set]) this.close(c, code, reason);
  }

  /** Closes one client and forgets it; a socket that does not finish closing in 2 s is destroyed. */
  close(client: StreamClient, code: number, reason: string): void {
    if (client.closed) return;
    this.unregister(client);
    try {
      client.ws.close(code, reason);
    } catch {
      client.ws.terminate();
      return;
    }
    setTimeout(() => client.ws.terminate(), 2000).unref();
  }

  private deliver(e: StreamEvent): void {
    if (e.subscribe && e.channelId) {
      for (const uid of e.subscribe) for (const c of this.byUser.get(uid) ?? []) this.subscribe(c, e.channelId);
    }
    const channelSet = e.channelId ? this.byChannel.get(e.channelId) : undefined;
    const userSet = e.userId ? this.byUser.get(e.userId) : undefined;
    if (channelSet) for (const c of [...channelSet]) this.send(c, e.seq, e.frame);
    if (userSet) for (const c of [...userSet]) if (!channelSet?.has(c)) this.send(c, e.seq, e.frame);
    if (e.unsubscribe && e.channelId) {
      const set = this.byChannel.get(e.channelId);
      for (const c of this.byUser.get(e.unsubscribe) ?? []) {
        c.channels.delete(e.channelId);
        set?.delete(c);
      }
      if (set && set.size === 0) this.byChannel.delete(e.channelId);
    }
  }

  /**
   * Sends an ephemeral frame (no `seq`, never stored or replayed; e.g. typing) to the live
   * sockets subscribed to `channelId`, except those of `exceptUserId`. Sockets still replaying
   * skip it.
   */
  sendEphemeral(channelId: string, frame: Buffer, exceptUserId?: string): void {
    for (const c of [...(this.byChannel.get(channelId) ?? [])]) {
      if (c.userId !== exceptUserId && !c.pending) this.sendFrame(c, frame);
    }
  }

  /** Sends one event frame unless already sent (buffered while replaying); slow readers closed by {@link sendFrame}. */
  send(client: StreamClient, seq: number, frame: Buffer): void {
    if (client.closed) return;
    if (client.pending) {
      client.pending.push({ seq, frame });
      return;
    }
    if (seq <= client.lastSeq) return;
    if (this.sendFrame(client, frame)) {
      client.lastSeq = seq;
      this.opts.onDelivered?.();
    }
  }

  /**
   * The one way a frame reaches a socket: refuses (and closes the socket with 1013) when its
   * unsent buffer already holds more than `socketBufferBytes`; returns whether it was sent.
   */
  sendFrame(client: StreamClient, frame: Buffer | string): boolean {
    if (client.closed || client.ws.readyState !== client.ws.OPEN) return false;
    if (client.ws.bufferedAmount > this.opts.socketBufferBytes) {
      this.opts.logger.warn({ userId: client.userId }, 'stream: slow reader closed');
      this.close(client, CLOSE.tryAgainLater, 'too slow');
      return false;
    }
    client.ws.send(frame, { binary: false });
    return true;
  }
}
