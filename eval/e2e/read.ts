/**
 * Reader-side paths (as B): channel history, the stream frames collected during the run, search
 * for a sample of labeled values, and (as the privacy officer) the audit export.
 */
import type { Api, Message, StreamReader } from './api.ts';
import type { LabeledDoc } from './corpus.ts';

/** Copies of each message keyed by `clientMsgId`, for one channel. */
export function byClientId(messages: readonly Message[]): Map<string, Message> {
  const m = new Map<string, Message>();
  for (const x of messages) if (x.clientMsgId && !m.has(x.clientMsgId)) m.set(x.clientMsgId, x);
  return m;
}

/** `message.created` copies of one channel from the collected stream frames. */
export function streamCopies(stream: StreamReader, channelId: string): Map<string, Message> {
  return byClientId(stream.frames.filter((f) => f.type === 'message.created' && f.channelId === channelId && f.message).map((f) => f.message as Message));
}

/** Waits until the stream holds `n` `message.created` frames or `timeoutMs` passed. */
export async function awaitFrames(stream: StreamReader, n: number, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  const count = (): number => stream.frames.filter((f) => f.type === 'message.created').length;
  while (count() < n && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
  return count();
}

/** Result of the search probe. */
export interface SearchProbe {
  queries: number;
  errors: number;
  /** Values found raw in at least one result, per entity type. */
  rawByType: Record<string, number>;
  sampledByType: Record<string, number>;
}

/**
 * Searches as the reader for up to `n` distinct labeled values (6+ characters, spread over the
 * inputs): the query is the value's first four words of 3+ letters or digits; a value is raw in
 * search when any result's text contains it.
 */
export async function probeSearch(api: Api, docs: readonly LabeledDoc[], n: number, tick: () => void): Promise<SearchProbe> {
  const all: Array<{ value: string; type: string }> = [];
  const seen = new Set<string>();
  for (const d of docs) {
    for (const l of d.labels) {
      const value = d.text.slice(l.start, l.end);
      if (l.type && value.length >= 6 && !seen.has(value) && (value.match(/[\p{L}\p{N}]{3,}/gu) ?? []).length) {
        seen.add(value);
        all.push({ value, type: l.type });
      }
    }
  }
  const step = Math.max(1, all.length / n);
  const sample = Array.from({ length: Math.min(n, all.length) }, (_, i) => all[Math.floor(i * step)] as { value: string; type: string });
  const out: SearchProbe = { queries: 0, errors: 0, rawByType: {}, sampledByType: {} };
  for (const s of sample) {
    const q = (s.value.match(/[\p{L}\p{N}]{3,}/gu) ?? []).slice(0, 4).join(' ');
    out.queries++;
    out.sampledByType[s.type] = (out.sampledByType[s.type] ?? 0) + 1;
    const r = await api.call<{ results?: Array<{ message: Message }> }>('GET', `/api/v1/search?q=${encodeURIComponent(q)}&limit=100`);
    if (r.status !== 200) out.errors++;
    else if ((r.json?.results ?? []).some((x) => x.message.text.includes(s.value))) out.rawByType[s.type] = (out.rawByType[s.type] ?? 0) + 1;
    tick();
  }
  return out;
}
