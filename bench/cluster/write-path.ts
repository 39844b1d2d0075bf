/**
 * Where a message post's write transaction spends its time on PostgreSQL (issue 10): counts the
 * statements (client round trips) of each `POST /channels/:id/messages` and times them with a
 * wrapper around `pg.Client.prototype.query` (this script only). Needs `DATABASE_URL`
 * (`scripts/with-postgres.sh npx tsx bench/cluster/write-path.ts [N]`).
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { makeChannel, makeUser, post, startServer } from '../../server/src/test/factories.ts';

const N = Number(process.argv[2] ?? 200);
type Stat = { n: number; ms: number };
const stats = new Map<string, Stat>();
let counting = false;
const original = pg.Client.prototype.query;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
(pg.Client.prototype as any).query = function (this: pg.Client, ...args: unknown[]) {
  const first = args[0];
  const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? '?');
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const r = (original as any).apply(this, args);
  if (counting && r && typeof r.then === 'function') {
    return r.finally(() => {
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n++;
      s.ms += performance.now() - t0;
      stats.set(key, s);
    });
  }
  return r;
};

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must select PostgreSQL');
const srv = await startServer({ limits: { messages: 1_000_000 } });
try {
  const a = await makeUser(srv);
  const b = await makeUser(srv);
  const ch = await makeChannel(srv, a, { visibility: 'private', members: [b] });
  const id = (ch as { id: string }).id;
  await post(srv, a, id, 'warm up');
  const loadBefore = loadavg().map((l) => l.toFixed(2)).join(' ');
  counting = true;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await post(srv, a, id, `write path note ${i}`, { clientMsgId: `wp-${i}` });
  const seqMs = performance.now() - t0;
  counting = false;
  const rows = [...stats.entries()].sort((x, y) => y[1].ms - x[1].ms);
  let total = 0;
  let totalMs = 0;
  for (const [, s] of rows) {
    total += s.n;
    totalMs += s.ms;
  }
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`load average (1, 5, 15 min) before: ${loadBefore}, after: ${load()}\n`);
  process.stdout.write(`${N} posts one after another: ${(seqMs / N).toFixed(2)} ms per post; ${(total / N).toFixed(1)} statements per post, ${(totalMs / N).toFixed(2)} ms of them\n`);
  for (const [k, s] of rows) process.stdout.write(`${(s.n / N).toFixed(2).padStart(6)} × ${(s.ms / s.n).toFixed(3).padStart(7)} ms  ${k}\n`);
  // concurrent: 64 at a time, the group commit's size
  stats.clear();
  counting = true;
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < N) {
        const i = next++;
        await post(srv, i % 2 ? a : b, id, `write path burst ${i}`, { clientMsgId: `wpb-${i}` });
      }
    }),
  );
  const parMs = performance.now() - t1;
  counting = false;
  let t = 0;
  for (const s of stats.values()) t += s.n;
  process.stdout.write(`${N} posts 64 at a time: ${(N / (parMs / 1000)).toFixed(0)} posts/s; ${(t / N).toFixed(1)} statements per post\n`);
} finally {
  await srv.close();
}
