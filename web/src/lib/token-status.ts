/**
 * Lazy, de-duplicated loading of chip status (`GET /api/v1/vault/tokens/:token`): at most
 * {@link MAX_PARALLEL} requests at a time, one per token per page load. Only the status
 * (`active`/`erased`, `revealable`) is kept in memory — never a value. A 404 (token not visible
 * to the caller) becomes `null`; network errors are not remembered so a later chip retries.
 */
import { ApiError } from '../api/client.ts';
import type { TokenStatus } from '../api/privacy-types.ts';
import { revealApi } from '../api/privacy-endpoints.ts';

/** Parallel status requests at most. */
export const MAX_PARALLEL = 4;

const known = new Map<string, Promise<TokenStatus | null>>();
const queue: (() => void)[] = [];
let running = 0;

function runNext(): void {
  while (running < MAX_PARALLEL && queue.length > 0) {
    const job = queue.shift();
    if (job) {
      running += 1;
      job();
    }
  }
}

/** Status of `token`, fetched once (queued); `null` when the server does not know or show it. */
export function loadTokenStatus(token: string): Promise<TokenStatus | null> {
  const hit = known.get(token);
  if (hit) return hit;
  const p = new Promise<TokenStatus | null>((resolve, reject) => {
    queue.push(() => {
      revealApi
        .status(token)
        .then(resolve, (err: unknown) => {
          if (err instanceof ApiError && (err.status === 404 || err.status === 403)) resolve(null);
          else {
            known.delete(token);
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        })
        .finally(() => {
          running -= 1;
          runNext();
        });
    });
    runNext();
  });
  known.set(token, p);
  return p;
}

/** Records a status learnt another way (e.g. a reveal answered `410 erased`). */
export function rememberTokenStatus(status: TokenStatus): void {
  known.set(status.token, Promise.resolve(status));
}
