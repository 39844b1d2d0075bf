/**
 * Posting phase: the writer (A) posts each input through `POST /api/v1/channels/:id/messages`
 * with `clientMsgId` = the input's key, a few requests in flight. Records per input and channel
 * the status, the stored message (201) or the blocked findings' types (422), and the POST time.
 */
import type { Api, Message } from './api.ts';

/** What happened to one post. */
export interface PostOutcome {
  status: number;
  message?: Message;
  /** 422 `personal_data_blocked`: the findings' entity types. */
  blockedTypes?: string[];
  /** The error body when the status is neither 201 nor 422 (first 300 characters). */
  error?: string;
  ms: number;
}

/** One post to make. */
export interface PostJob {
  key: string;
  channelId: string;
  text: string;
}

/**
 * Posts every job with at most `concurrency` in flight; `tick` is called after each.
 * Returns outcomes keyed by `${channelId}/${key}`.
 */
export async function postAll(api: Api, jobs: readonly PostJob[], concurrency: number, tick: () => void): Promise<Map<string, PostOutcome>> {
  const out = new Map<string, PostOutcome>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const j = jobs[next++] as PostJob;
      const t0 = performance.now();
      let o: PostOutcome;
      try {
        const r = await api.call<{ message?: Message; error?: { code?: string; findings?: Array<{ entityType: string }> } }>('POST', `/api/v1/channels/${j.channelId}/messages`, {
          body: { text: j.text, clientMsgId: j.key },
        });
        const ms = performance.now() - t0;
        if (r.status === 201 && r.json?.message) o = { status: 201, message: r.json.message, ms };
        else if (r.status === 422 && r.json?.error?.code === 'personal_data_blocked') o = { status: 422, blockedTypes: (r.json.error.findings ?? []).map((f) => f.entityType), ms };
        else o = { status: r.status, error: r.body.slice(0, 300), ms };
      } catch (err) {
        o = { status: 0, error: err instanceof Error ? err.message : String(err), ms: performance.now() - t0 };
      }
      out.set(`${j.channelId}/${j.key}`, o);
      tick();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
