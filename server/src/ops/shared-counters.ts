/**
 * Rate-limit counters shared between nodes. Without Redis they are the in-process fixed windows
 * of {@link RateLimiter} (behaviour unchanged); with `REDIS_URL` every node counts in the same
 * Redis keys (`INCR` + `PEXPIRE` on a key per window, https://redis.io/docs/latest/commands/incr/
 * "Pattern: Rate limiter"), so a user cannot multiply a limit by spreading requests over nodes.
 * Keys are hashed before they reach Redis: a limiter key may hold an e-mail (sign-in attempts).
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiter, type LimitResult } from '../services/auth/rate-limiter.ts';

/** A rate limiter that may live outside the process. */
export interface SharedLimiter {
  readonly max: number;
  readonly windowMs: number;
  /** Counts one hit for `key`; resolves whether it is allowed and ms until the window resets. Rejects when the store is unreachable. */
  hit(key: string): Promise<LimitResult>;
  /** Forgets `key` (e.g. after a successful sign-in). */
  reset(key: string): Promise<void>;
}

/** Makes the limiters of one node. */
export interface SharedCounters {
  /** A limiter of `max` hits per `windowMs` ms; `name` separates limiters sharing a store. */
  limiter(name: string, max: number, windowMs: number): SharedLimiter;
}

/** In-process counters (one node; what runs without `REDIS_URL`). */
export const memoryCounters: SharedCounters = {
  limiter(_name, max, windowMs) {
    const inner = new RateLimiter(max, windowMs);
    return {
      max,
      windowMs,
      hit: async (key) => inner.hit(key),
      reset: async (key) => inner.reset(key),
    };
  },
};

const digest = (key: string): string => createHash('sha256').update(key).digest('base64url').slice(0, 32);

/**
 * Counters in Redis, shared by every node using `redis` (keys `enclave:rl:<name>:<hash>:<window>`).
 * While Redis does not answer, each node counts in process (`onFallback` is told once per
 * outage): requests keep working with per-node limits rather than failing.
 */
export function redisCounters(redis: Redis, onFallback: (err: unknown) => void = () => undefined): SharedCounters {
  let down = false;
  const fallback = (err: unknown): void => {
    if (!down) onFallback(err);
    down = true;
  };
  return {
    limiter(name, max, windowMs) {
      const local = memoryCounters.limiter(name, max, windowMs);
      const base = (key: string) => `enclave:rl:${name}:${digest(key)}`;
      return {
        max,
        windowMs,
        async hit(key) {
          const now = Date.now();
          const window = Math.floor(now / windowMs);
          const k = `${base(key)}:${window}`;
          try {
            const res = await redis.multi().incr(k).pexpire(k, windowMs + 1000).exec();
            const count = Number(res?.[0]?.[1] ?? 0);
            down = false;
            return { allowed: count <= max, retryAfterMs: Math.max(0, (window + 1) * windowMs - now) };
          } catch (err) {
            fallback(err);
            return local.hit(key);
          }
        },
        async reset(key) {
          await local.reset(key);
          const window = Math.floor(Date.now() / windowMs);
          await redis.del(`${base(key)}:${window}`).catch(fallback);
        },
      };
    },
  };
}
