/**
 * Clients child process of the chat benchmark (forked by `run.ts` with IPC): runs each
 * {@link ClientCommand} it receives — fan-out, sequential GETs (history, search), sustained
 * load — and answers a {@link ClientReply}. Exits when the parent disconnects.
 */
import type { ClientCommand, ClientReply, GetCommand, GetResult } from './protocol.ts';
import { http } from './client-lib.ts';
import { runFanout } from './fanout-client.ts';
import { summarize } from './stats.ts';
import { runSustained } from './sustained-client.ts';

/** Sequential timed GETs (one at a time, keep-alive). */
async function runGets(c: GetCommand): Promise<GetResult> {
  const ms: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let items = 0;
  for (let i = 0; i < c.warmup + c.rounds; i++) {
    const path = c.paths[i % c.paths.length] as string;
    const t0 = performance.now();
    const res = await http('GET', c.url + path, { token: c.token });
    const dt = performance.now() - t0;
    if (i < c.warmup) continue;
    if (res.status !== 200) {
      errors++;
      firstError ??= `${res.status} ${res.body.slice(0, 200)}`;
      continue;
    }
    ms.push(dt);
    const body = JSON.parse(res.body) as { messages?: unknown[]; results?: unknown[] };
    items += (body.messages ?? body.results ?? []).length;
  }
  return { latency: summarize(ms), errors, firstError, meanItems: ms.length ? items / ms.length : 0 };
}

async function handle(c: ClientCommand): Promise<ClientReply> {
  try {
    if (c.cmd === 'fanout') return { ok: true, result: await runFanout(c) };
    if (c.cmd === 'get') return { ok: true, result: await runGets(c) };
    return { ok: true, result: await runSustained(c) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

process.on('message', (c: ClientCommand) => {
  void handle(c).then((reply) => process.send?.(reply));
});
process.on('disconnect', () => process.exit(0));
