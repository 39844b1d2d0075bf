/**
 * `npm run bench:chat [-- --quick] [--only fanout|history|search|sustained] [--profile DIR]`: Enclave's chat
 * benchmark (issue 2, "Benchmark"). Orchestrates, all on 127.0.0.1:
 *  1. `setup.ts` (child) creates users, tokens, channels through the server's services and
 *     bulk-seeds the history channel, in a temp data folder;
 *  2. `node bin/enclave serve` (child) and, for fan-out, `raw-ws-server.ts` (child);
 *  3. `clients.ts` (child) runs each scenario and reports over IPC.
 * Prints a markdown table (figures, targets, pass/fail) and writes it to
 * `bench/results/chat-latest.md`. Stops children and removes temp folders on exit or Ctrl-C.
 * Exit code 0 when the run completed (whatever the pass/fail), 1 on a harness error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ask, cleanup, cleanupOnSignals, cpuMs, forkWorker, interrupted, openFilesLimit, ROOT, startEnclave, startRaw, tempDir } from './procs.ts';
import type { ClientCommand, ClientReply, FanoutResult, GetResult, SetupRequest, SetupResult, SustainedResult } from './protocol.ts';
import { fanoutRows, getRow, infoRow, sustainedRows, table, type Row } from './report.ts';

const PARTS = ['fanout', 'history', 'search', 'sustained'] as const;
type Part = (typeof PARTS)[number];

/** Sizes of a full run (the issue's figures) and of a `--quick` smoke run. */
const SIZES = {
  full: { fanoutClients: 2000, fanoutMessages: 20, warmup: 3, intervalMs: 250, historyMessages: 1_000_000, historyRounds: 1000, searchRounds: 200, listRounds: 20, channels: 100, members: 10, rate: 500, seconds: 60 },
  quick: { fanoutClients: 200, fanoutMessages: 10, warmup: 2, intervalMs: 100, historyMessages: 50_000, historyRounds: 200, searchRounds: 50, listRounds: 10, channels: 20, members: 10, rate: 250, seconds: 10 },
};

const log = (m: string): void => void process.stderr.write(`[bench:chat ${new Date().toISOString().slice(11, 19)}] ${m}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, only: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write('usage: npm run bench:chat -- [--quick] [--only fanout|history|search|sustained] [--profile DIR]\n  --profile DIR  write a V8 CPU profile of the server (node --cpu-prof) into DIR\n');
    return 0;
  }
  if (values.only !== undefined && !PARTS.includes(values.only as Part)) throw new Error(`--only must be one of ${PARTS.join(', ')}`);
  const only = (p: Part): boolean => values.only === undefined || values.only === p;
  const z = values.quick ? SIZES.quick : SIZES.full;
  cleanupOnSignals();

  const fdLimit = openFilesLimit();
  const fdNeed = 2 * z.fanoutClients + z.channels * z.members + 500;
  if (fdLimit !== null && fdLimit < fdNeed) {
    throw new Error(`open-files limit ${fdLimit} < ${fdNeed} needed (clients process holds 2 sockets per fan-out client): run \`ulimit -n ${fdNeed}\` first`);
  }
  const loadBefore = loadavg();
  const dir = tempDir('enclave-bench-chat-');
  const dataDir = join(dir, 'data');
  // Key files (vault master key, audit signing key) in the temp folder too, not in ~/.config/enclave:
  // every child (setup worker, server) inherits this.
  process.env.ENCLAVE_MASTER_KEY_FILE = join(dir, 'master.key');

  const req: SetupRequest = {
    dataDir,
    fanoutClients: z.fanoutClients,
    sustainedChannels: z.channels,
    sustainedMembers: z.members,
    historyMessages: z.historyMessages,
    cursorSample: 1000,
    parts: { fanout: only('fanout'), history: only('history') || only('search'), sustained: only('sustained') },
  };
  log(`setup: users, channels${req.parts.history ? `, ${z.historyMessages.toLocaleString('en-US')} history messages` : ''}…`);
  const setupChild = forkWorker('setup.ts');
  const setup = await ask<{ ok: true; result: SetupResult } | { ok: false; error: string }>(setupChild, req);
  if (!setup.ok) throw new Error(`setup failed: ${setup.error}`);
  const s = setup.result;
  if (s.history) log(`setup: history seeded in ${(s.history.seedMs / 1000).toFixed(1)} s`);

  log('starting enclave serve…');
  const server = await startEnclave(dataDir, values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []);
  const raw = req.parts.fanout ? await startRaw() : null;
  const clients = forkWorker('clients.ts');
  const run = async <T>(c: ClientCommand): Promise<T> => {
    const reply = await ask<ClientReply>(clients, c);
    if (!reply.ok) throw new Error(`clients: ${reply.error}\nserver stderr:\n${server.stderr().slice(-4000)}`);
    return reply.result as T;
  };
  const rows: Row[] = [];
  const notes: string[] = [];
  const cpuOf = async <T>(label: string, f: () => Promise<T>): Promise<T> => {
    const c0 = cpuMs(server.child.pid);
    const k0 = cpuMs(clients.pid);
    const l0 = loadavg()[0] as number;
    const t0 = performance.now();
    const out = await f();
    const wall = (performance.now() - t0) / 1000;
    const secs = (a: number, b: number): string => ((a - b) / 1000).toFixed(1);
    notes.push(
      `${label}: ${wall.toFixed(1)} s wall; CPU used by the server ${secs(cpuMs(server.child.pid), c0)} s, by the clients process ${secs(cpuMs(clients.pid), k0)} s; 1-min load ${l0.toFixed(1)} → ${(loadavg()[0] as number).toFixed(1)}.`,
    );
    return out;
  };

  if (s.fanout && raw) {
    log(`fan-out: ${z.fanoutClients} sockets each on Enclave and raw ws, ${z.fanoutMessages} messages each…`);
    const r = await cpuOf('Fan-out', () =>
      run<FanoutResult>({ cmd: 'fanout', enclaveUrl: server.url, rawUrl: raw.url, channelId: s.fanout!.channelId, sender: s.fanout!.sender, users: s.fanout!.users, messages: z.fanoutMessages, warmup: z.warmup, intervalMs: z.intervalMs }),
    );
    rows.push(...fanoutRows(z.fanoutClients, r));
    notes.push(`Fan-out: connecting ${z.fanoutClients} sockets took ${(r.connectMs.enclave / 1000).toFixed(1)} s (Enclave) vs ${(r.connectMs.raw / 1000).toFixed(1)} s (raw), 50 handshakes at a time.`);
  }
  if (s.history && only('history')) {
    const h = s.history;
    log(`history: ${z.historyRounds} pages of 50 with random before= cursors…`);
    const r = await cpuOf('History', () =>
      run<GetResult>({ cmd: 'get', url: server.url, token: h.reader.token, paths: h.cursors.map((id) => `/api/v1/channels/${h.channelId}/messages?limit=50&before=${id}`), rounds: z.historyRounds, warmup: 20 }),
    );
    rows.push(...getRow(`History, ${z.historyMessages.toLocaleString('en-US')} msgs in 1 channel`, `page of 50 (mean ${r.meanItems.toFixed(0)} returned)`, r, 10));
    log('channel list of a member with every history message unread…');
    const u = await cpuOf('Channel list (all unread)', () => run<GetResult>({ cmd: 'get', url: server.url, token: h.unreadMember.token, paths: ['/api/v1/channels'], rounds: z.listRounds, warmup: 2 }));
    rows.push(...infoRow(`History, ${z.historyMessages.toLocaleString('en-US')} msgs in 1 channel`, `GET /channels by a member who read none of them`, u));
  }
  if (s.history && only('search')) {
    const h = s.history;
    for (const [kind, word, count] of [['rare', h.rareWord, h.rareCount], ['common', h.commonWord, h.commonCount]] as const) {
      log(`search: ${kind} word "${word}" (${count} messages)…`);
      const r = await cpuOf(`Search ${kind}`, () => run<GetResult>({ cmd: 'get', url: server.url, token: h.reader.token, paths: [`/api/v1/search?q=${word}`], rounds: z.searchRounds, warmup: 5 }));
      rows.push(...getRow(`Search, ${z.historyMessages.toLocaleString('en-US')} msgs`, `${kind} word (${count.toLocaleString('en-US')} hits; page ${r.meanItems.toFixed(0)})`, r, 100));
    }
  }
  if (s.sustained && only('sustained')) {
    const clientsN = z.channels * z.members;
    log(`sustained: ${clientsN} sockets in ${z.channels} channels of ${z.members}, ${z.rate} msg/s for ${z.seconds} s…`);
    const r = await cpuOf('Sustained', () => run<SustainedResult>({ cmd: 'sustained', url: server.url, channels: s.sustained!.channels, rate: z.rate, seconds: z.seconds, drainMs: 15_000 }));
    rows.push(...sustainedRows(`${clientsN.toLocaleString('en-US')} sockets, ${z.channels}×${z.members}, ${z.rate} msg/s × ${z.seconds} s`, r));
  }

  const warnings = server.stderr().split('\n').filter((l) => l.trim()).length;
  const loadAfter = loadavg();
  const header = [
    `# Chat benchmark — ${new Date().toISOString()}${values.quick ? ' (--quick)' : ''}${values.only ? ` (--only ${values.only})` : ''}`,
    '',
    `Machine: ${cpus().length} CPUs, load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after; Node ${process.version}; open-files limit ${fdLimit ?? 'unknown'}.`,
    'Server: `node bin/enclave serve`, SQLite in a temp folder, default limits (30 messages / 10 s / user, 20 sockets / user), LOG_LEVEL=warn. Clients in a separate process; latencies from POST start to frame arrival on the same clock.',
    '',
  ];
  const footer = ['', ...notes.map((n) => `- ${n}`), `- Server log lines at warn level or above: ${warnings}.`];
  if (warnings > 0) footer.push('', '```', ...server.stderr().split('\n').slice(0, 10), '```');
  const md = [...header, table(rows), ...footer, ''].join('\n');
  process.stdout.write(`${md}\n`);
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, values.quick ? 'chat-latest-quick.md' : 'chat-latest.md'), md);
  log(`written to bench/results/${values.quick ? 'chat-latest-quick.md' : 'chat-latest.md'}`);
  return 0;
}

main()
  .then(
    async (code) => {
      await cleanup();
      process.exit(code);
    },
    async (err: unknown) => {
      if (interrupted()) return; // the signal handler cleans up and exits
      process.stderr.write(`bench:chat failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      await cleanup();
      process.exit(1);
    },
  );
