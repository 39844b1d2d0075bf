/**
 * `npm run bench:cluster [-- --quick] [--only fanout|sustained|history] [--fanout N] [--history N] [--profile DIR]`:
 * Enclave on several nodes (issue 10, "Benchmark"), all on 127.0.0.1 in one run, on a throw-away
 * PostgreSQL (`reliability/postgres.ts`) and Redis:
 *  1. fan-out of one message to N sockets of one channel spread over two nodes vs a raw `ws`
 *     broadcast to N sockets (`bench/chat/raw-ws-server.ts`), measured the same way
 *     (`fanout-part.ts`): p50/p99 and the p99 ratio (target ≤ 1.5);
 *  2. memory per connected client, on the fresh nodes: settled RSS and heap used of both nodes
 *     before and after the N idle authenticated sockets connect, delta / N (target < 50 KB);
 *  3. sustained load, one node vs two nodes (`reliability/load.ts`'s `LoadRun`): acknowledged
 *     messages/s, p99 send → deliver, missing/duplicate deliveries;
 *  4. PostgreSQL vs SQLite, history page and search at 1,000,000 messages: the history bulk-seeded
 *     through the server's own tables on each dialect (`bench/chat/seed-history-db.ts`), then one
 *     node per dialect, timed sequential GETs (`bench/chat/clients.ts`), p50/p99.
 * Accounts of parts 1–3 are bulk-inserted (`seed-accounts.ts`). Prints one markdown table; a full
 * run (no `--quick`, no `--only`, no size or profile option) also writes it to
 * `bench/results/cluster-latest.md`, a quick run to `cluster-latest-quick.md`. `--fanout N` and
 * `--history N` set those sizes; `--profile DIR` starts the two nodes with `--cpu-prof` into DIR.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { http, sleep } from '../chat/client-lib.ts';
import { ask, cleanup, cleanupOnSignals, forkWorker, openFilesLimit, ROOT } from '../chat/procs.ts';
import type { ClientReply, GetCommand, GetResult } from '../chat/protocol.ts';
import { seedHistoryDb } from '../chat/seed-history-db.ts';
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import { clusterEnv, startNode, startRedis, type TestNode } from '../../server/src/test/processes.ts';
import { LoadRun, seed, type LoadReport, type Seeded } from '../../reliability/load.ts';
import { startPostgres } from '../../reliability/postgres.ts';
import { fanoutAndMemory, WORKERS } from './fanout-part.ts';
import { seedAccounts } from './seed-accounts.ts';

const SIZES = {
  full: { clients: 1000, channels: 200, seconds: 15, fanout: 10_000, fanoutMessages: 40, history: 1_000_000, historyRounds: 500, searchRounds: 100 },
  quick: { clients: 200, channels: 40, seconds: 10, fanout: 1000, fanoutMessages: 10, history: 50_000, historyRounds: 100, searchRounds: 30 },
};
const PARTS = ['fanout', 'sustained', 'history'] as const;
type Part = (typeof PARTS)[number];
type Size = (typeof SIZES)['full'];

const log = (m: string): void => void process.stderr.write(`[bench:cluster ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const ms = (v: number): string => `${v.toFixed(1)} ms`;
const load1 = (): string => loadavg()[0]?.toFixed(1) ?? '?';

/** One sustained run; `elapsedS` = from the first post to the last answer (posts still queued after the window count). */
async function sustained(nodes: TestNode[], seeded: Seeded, seconds: number, prefix: string): Promise<{ r: LoadReport; elapsedS: number }> {
  const run = new LoadRun({ nodes: nodes.map((n) => n.url), seeded, prefix });
  await run.connect();
  const t = performance.now();
  await run.run(seconds, 1);
  const elapsedS = (performance.now() - t) / 1000;
  await run.drain(30_000);
  const r = run.report();
  run.close();
  await sleep(1000);
  log(`  ${r.acked} of ${r.sent} posts acknowledged in ${elapsedS.toFixed(1)} s; statuses ${JSON.stringify(r.statuses)}; p50 ${ms(r.p50)}, p99 ${ms(r.p99)}`);
  return { r, elapsedS };
}

/** Part 3: one node vs two. */
async function sustainedParts(nodes: TestNode[], loadSeed: Seeded, z: Size, rows: string[][]): Promise<void> {
  log(`sustained, one node: ${z.clients} clients × 1 msg/s × ${z.seconds} s (load ${load1()})`);
  const one = await sustained([nodes[0] as TestNode], loadSeed, z.seconds, 'one');
  log(`sustained, two nodes (load ${load1()})`);
  const two = await sustained(nodes, loadSeed, z.seconds, 'two');
  const rate = (x: { r: LoadReport; elapsedS: number }): number => x.r.acked / x.elapsedS;
  const row = (what: string, { r, elapsedS }: { r: LoadReport; elapsedS: number }): string[] => [
    what,
    `${rate({ r, elapsedS }).toFixed(0)} msg/s acknowledged (${r.acked} of ${r.sent} sent in ${z.seconds} s, last answer after ${elapsedS.toFixed(0)} s; statuses ${Object.entries(r.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')})`,
    `${ms(r.p50)} / ${ms(r.p99)}`,
    `${r.missing} / ${r.duplicates} / ${r.outOfOrder}`,
  ];
  rows.push(row('Sustained, 1 node', one), row('Sustained, 2 nodes', two));
  rows.push(['2 nodes / 1 node', `${(rate(two) / Math.max(1e-9, rate(one))).toFixed(2)}× messages/s`, `${(two.r.p99 / Math.max(1e-9, one.r.p99)).toFixed(2)}× p99`, '']);
}

/** Part 4 on one dialect: seeds the history through the server's tables, then times pages and search on a node. */
async function historyOn(dialect: string, env: Record<string, string>, z: Size, rows: string[][]): Promise<void> {
  const hist = await seed(env, 6, 1, `hist-${dialect.toLowerCase()}`);
  const ctx = await buildContext(loadConfig({ ...process.env, ...env, LOG_LEVEL: 'warn' }));
  let seeded;
  try {
    log(`history on ${dialect}: seeding ${z.history.toLocaleString('en-US')} messages (load ${load1()})`);
    seeded = await seedHistoryDb(ctx.database.db, ctx.database.dialect, { channelId: hist.channels[0] as string, authorIds: hist.users.slice(0, 5).map((u) => u.id), count: z.history, cursorSample: 1000 });
  } finally {
    await ctx.close();
  }
  log(`history on ${dialect}: seeded in ${(seeded.seedMs / 1000).toFixed(1)} s`);
  const node = await startNode(env);
  const clients = forkWorker('clients.ts');
  try {
    const get = async (c: Omit<GetCommand, 'cmd' | 'url' | 'token'>): Promise<GetResult> => {
      const reply = await ask<ClientReply>(clients, { cmd: 'get', url: node.url, token: (hist.users[0] as { token: string }).token, ...c } satisfies GetCommand);
      if (!reply.ok) throw new Error(reply.error);
      const r = reply.result as GetResult;
      if (r.errors > 0) throw new Error(`history on ${dialect}: ${r.errors} errors, first ${r.firstError}`);
      return r;
    };
    const n = z.history.toLocaleString('en-US');
    const latest = await get({ paths: [`/api/v1/channels/${hist.channels[0]}/messages?limit=50`], rounds: z.historyRounds, warmup: 10 });
    rows.push([`History, ${n} msgs, ${dialect}`, `newest page of 50 (load ${load1()})`, `${ms(latest.latency.p50)} / ${ms(latest.latency.p99)}`, '']);
    const older = await get({ paths: seeded.cursors.map((id) => `/api/v1/channels/${hist.channels[0]}/messages?limit=50&before=${id}`), rounds: z.historyRounds, warmup: 10 });
    rows.push([`History, ${n} msgs, ${dialect}`, `page of 50 before a random cursor (load ${load1()})`, `${ms(older.latency.p50)} / ${ms(older.latency.p99)}`, '']);
    for (const [kind, word, count] of [['rare', seeded.rareWord, seeded.rareCount], ['common', seeded.commonWord, seeded.commonCount]] as const) {
      const r = await get({ paths: [`/api/v1/search?q=${word}`], rounds: z.searchRounds, warmup: 3 });
      rows.push([`Search, ${n} msgs, ${dialect}`, `${kind} word (${count.toLocaleString('en-US')} hits, page ${r.meanItems.toFixed(0)}; load ${load1()})`, `${ms(r.latency.p50)} / ${ms(r.latency.p99)}`, '']);
    }
  } finally {
    clients.disconnect();
    await node.stop('SIGKILL');
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, fanout: { type: 'string' }, history: { type: 'string' }, profile: { type: 'string' } }, strict: true });
  if (values.only !== undefined && !(PARTS as readonly string[]).includes(values.only)) throw new Error(`--only takes one of ${PARTS.join(', ')}`);
  const only = (p: Part): boolean => values.only === undefined || values.only === p;
  const z: Size = { ...(values.quick ? SIZES.quick : SIZES.full) };
  // sizes for trying things out (a run with them writes no results file)
  for (const key of ['fanout', 'history'] as const) {
    const v = values[key];
    if (v === undefined) continue;
    if (!/^[1-9]\d*$/.test(v)) throw new Error(`--${key} takes a positive integer`);
    z[key] = Number(v);
  }
  const custom = values.fanout !== undefined || values.history !== undefined || values.profile !== undefined;
  cleanupOnSignals();
  const fd = openFilesLimit();
  if (only('fanout') && fd !== null && fd < z.fanout + 1000) throw new Error(`open-files limit ${fd} < ${z.fanout + 1000} (the raw server holds every socket): run \`ulimit -n ${z.fanout + 1000}\` first`);
  const loadBefore = loadavg();
  const dir = mkdtempSync(join(tmpdir(), 'enclave-bench-cluster-'));
  const pg = await startPostgres();
  const redis = await startRedis(join(dir, 'redis'));
  const nodes: TestNode[] = [];
  const rows: string[][] = [];
  let failure: unknown = null;
  /** Prints the table (and, for a full run, writes the results file) — after every part, so a run cut short keeps what it measured. */
  const save = (state: 'done' | 'in progress'): void => {
    const why = failure ? `**Incomplete:** the run stopped with \`${(failure instanceof Error ? failure.message : String(failure)).split('\n')[0]}\`.` : state === 'in progress' ? '**In progress:** later parts not run yet.' : '';
    const table = [
      `# Cluster benchmark — ${new Date().toISOString()}${values.quick ? ' (quick)' : ''}${values.only ? ` (only ${values.only})` : ''}${custom ? ` (fan-out ${z.fanout}, history ${z.history})` : ''}`,
      '',
      `Machine load average ${loadBefore.map((v) => v.toFixed(1)).join(' ')} at the start, ${loadavg()
        .map((v) => v.toFixed(1))
        .join(' ')} at the end; Node ${process.version}; ${cpus().length} CPUs. PostgreSQL (throw-away, fsync off) + Redis + \`bin/enclave serve\` nodes; fan-out sockets in ${WORKERS} client processes, other clients in this process or \`bench/chat/clients.ts\`. ${why}`,
      '',
      '| scenario | measure | p50 / p99 or result | missing / duplicate / out of order |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
    ].join('\n');
    if (state === 'done') process.stdout.write(`${table}\n`);
    if (values.only === undefined && !custom) {
      mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
      writeFileSync(join(ROOT, `bench/results/cluster-latest${values.quick ? '-quick' : ''}.md`), table);
    }
  };
  try {
    const env = clusterEnv(dir, { DATABASE_URL: pg.url, REDIS_URL: redis.url, ENCLAVE_MAX_SOCKETS_PER_USER: '20' });
    if (only('fanout') || only('sustained')) {
      let t = performance.now();
      const loadSeed = only('sustained') ? await seedAccounts(env, { count: z.clients, channels: z.channels, prefix: 'load' }) : null;
      if (loadSeed) log(`seeded ${z.clients} load accounts in ${z.channels} channels in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      t = performance.now();
      const fan = only('fanout') ? await seedAccounts(env, { count: z.fanout + 1, channels: 1, prefix: 'fan' }, (n) => log(`fan-out accounts: ${n} of ${z.fanout + 1}`)) : null;
      if (fan) log(`seeded ${z.fanout + 1} fan-out accounts in one channel in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // --profile DIR: the two nodes write V8 CPU profiles there (on their graceful stop)
      const nodeArgs = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [];
      nodes.push(await startNode(env, nodeArgs), await startNode(env, nodeArgs));
      const warm = (loadSeed ?? fan) as Seeded;
      for (const n of nodes) await http('POST', `${n.url}/api/v1/channels/${warm.channels[0]}/messages`, { token: (warm.users[0] as { token: string }).token, body: { text: 'warming up' } });
      // memory first, on fresh nodes: the garbage of a sustained run would make RSS fall meanwhile
      if (fan) await fanoutAndMemory(nodes, fan, z.fanoutMessages, rows);
      save('in progress');
      if (loadSeed) await sustainedParts(nodes, loadSeed, z, rows);
      save('in progress');
      for (const n of nodes.splice(0)) await n.stop(values.profile ? 'SIGTERM' : 'SIGKILL');
    }
    if (only('history')) {
      await historyOn('PostgreSQL', env, z, rows);
      save('in progress');
      await historyOn('SQLite', clusterEnv(join(dir, 'sqlite')), z, rows);
    }
  } catch (err) {
    failure = err;
  } finally {
    for (const n of nodes) await n.stop('SIGKILL');
    await redis.stop();
    await pg.stop();
    await cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
  save('done');
  if (failure) throw failure;
}

main().then(
  () => process.exit(0),
  async (err: unknown) => {
    process.stderr.write(`bench:cluster failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanup();
    process.exit(1);
  },
);
