/**
 * In-memory fixed-window counters per key (one process; Redis-backed limits come with scale-out).
 */

/** Result of {@link RateLimiter.hit}: allowed or not, and ms until the window resets. */
export interface LimitResult {
  allowed: boolean;
  retryAfterMs: number;
}

/** Allows at most `max` hits per key in each `windowMs` window. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one hit for `key`. */
  hit(key: string): LimitResult {
    const t = this.now();
    let w = this.windows.get(key);
    if (!w || t - w.start >= this.windowMs) {
      w = { start: t, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > 10_000) this.sweep(t);
    }
    w.count += 1;
    return { allowed: w.count <= this.max, retryAfterMs: Math.max(0, w.start + this.windowMs - t) };
  }

  /** Forgets `key` (e.g. after a successful sign-in). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(t: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(k);
  }
}
