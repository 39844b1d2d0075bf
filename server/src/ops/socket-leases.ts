/**
 * The per-user stream socket limit across nodes. Each node counts its own sockets in the hub
 * (`Hub.reserve`, synchronous); with Redis every open socket also holds a *lease* in a sorted set
 * per user (`enclave:sockets:<user hash>`, member = lease id, score = expiry in ms). A lease is
 * taken atomically (a Lua script: drop expired, count, add) and renewed every `renewMs` while the
 * socket is open, so the sockets of a node that died without releasing them stop counting after
 * `ttlMs`. While Redis does not answer, only the node's own limit applies. Renewals go in
 * {@link RENEW_SLICES} slices spread over `renewMs`, each slice in one pipeline (one write): all
 * of 5,000 leases renewed at once, two commands and two promises each, held the event loop
 * ~150 ms every 30 s.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A held socket slot; `release` is idempotent. */
export interface SocketLease {
  release(): void;
}

/** Socket slots shared between nodes. */
export interface SocketLeases {
  /** Takes a slot for `userId` when fewer than `max` are held (across nodes); null at the limit. */
  acquire(userId: string, max: number): Promise<SocketLease | null>;
  stop(): void;
}

const NOOP: SocketLease = { release: () => undefined };

/** One node: the hub's own count is the limit (no shared state). */
export const localSocketLeases: SocketLeases = {
  acquire: async () => NOOP,
  stop: () => undefined,
};

const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

/** Slices of the renewal period (see the module comment). */
export const RENEW_SLICES = 10;

/**
 * Leases in Redis; `ttlMs` (default 90 s) bounds how long a dead node's sockets count; each held
 * lease is renewed once every `renewMs` (default 30 s; keep it well under `ttlMs`).
 */
export function redisSocketLeases(redis: Redis, opts: { ttlMs?: number; renewMs?: number } = {}): SocketLeases {
  const ttl = opts.ttlMs ?? 90_000;
  const held = new Map<string, { key: string; slice: number }>(); // lease id → key, renewal slice
  const keyOf = (userId: string) => `enclave:sockets:${createHash('sha256').update(userId).digest('base64url').slice(0, 32)}`;
  let taken = 0;
  let ticks = 0;
  const timer = setInterval(
    () => {
      const slice = ticks++ % RENEW_SLICES;
      const expiry = Date.now() + ttl;
      const batch = redis.pipeline();
      for (const [id, lease] of held) if (lease.slice === slice) batch.zadd(lease.key, 'XX', expiry, id).pexpire(lease.key, ttl);
      if (batch.length > 0) void batch.exec().catch(() => undefined);
    },
    (opts.renewMs ?? 30_000) / RENEW_SLICES,
  ).unref();
  return {
    async acquire(userId, max) {
      const key = keyOf(userId);
      const id = randomBytes(12).toString('base64url');
      const now = Date.now();
      let ok: unknown;
      try {
        ok = await redis.eval(ACQUIRE, 1, key, String(now), String(max), String(now + ttl), id, String(ttl));
      } catch {
        return NOOP; // Redis away: the node's own limit still applies
      }
      if (Number(ok) !== 1) return null;
      held.set(id, { key, slice: taken++ % RENEW_SLICES });
      let released = false;
      return {
        release: () => {
          if (released) return;
          released = true;
          held.delete(id);
          void redis.zrem(key, id).catch(() => undefined);
        },
      };
    },
    stop: () => clearInterval(timer),
  };
}
