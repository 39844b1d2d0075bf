/**
 * `npm run bench:intake [-- --quick]`: the intake benchmark (issue 8, "Tests and numbers"), all on
 * 127.0.0.1, children stopped and temp folders removed at the end or on Ctrl-C.
 *  1. `seed.ts` (child) builds the server's context on a temp data folder and feeds reports of
 *     two heavy subjects each (100 field values per subject) through `receiveReport`, the unit of
 *     work of the intake route, in process (full: 10,000 subjects = 1,000,000 values; quick: 1,000
 *     = 100,000);
 *  2. `bin/enclave serve` starts on that folder (its start builds the known-subject index from the
 *     vault: timed as "server start");
 *  3. `client.ts` (child) posts signed reports over HTTP, closed loop, and counts 201s per second;
 *  4. after the server stopped, `analyzer-child.ts` builds the index from the same folder and
 *     measures its memory and the analyzer's throughput without / with it.
 * Writes the markdown to `bench/results/intake-latest.md` (`intake-latest-quick.md` with --quick)
 * and prints it. Exit 0 when the run completed (whatever pass/fail), 1 on a harness error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanup, cleanupOnSignals, keepTempDirs, ROOT, serverEnv, startServer, stop, tempDir, track } from '../../eval/e2e/procs.ts';
import type { AnalyzerRequest, AnalyzerResult, ClientRequest, ClientResult, SeedRequest, SeedResult } from './protocol.ts';
import { renderReport, type Sizes } from './report.ts';

const SIZES: Record<'full' | 'quick', Sizes> = {
  full: { subjects: 10_000, valuesPerSubject: 100, seedConcurrency: 8, clientConcurrency: 16, seconds: 30, corpusBytes: 512 * 1024, rounds: 21, budgetMs: 3_000 },
  quick: { subjects: 1_000, valuesPerSubject: 100, seedConcurrency: 8, clientConcurrency: 16, seconds: 10, corpusBytes: 256 * 1024, rounds: 11, budgetMs: 2_000 },
};

const log = (m: string): void => void process.stderr.write(`[bench:intake ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

function ask<T>(file: string, msg: unknown, env: NodeJS.ProcessEnv, execArgv: string[] = []): Promise<T> {
  const child: ChildProcess = track(fork(join(ROOT, 'bench/intake', file), [], { execArgv: [...execArgv, '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: ROOT, env }));
  return new Promise<T>((res, rej) => {
    const onExit = (code: number | null): void => rej(new Error(`${file} exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (m: { ok: boolean; error?: string; result?: T }) => {
      child.off('exit', onExit);
      if (m.ok) res(m.result as T);
      else rej(new Error(m.error ?? `${file} failed`));
    });
    child.send(msg as object);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, keep: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write('usage: npm run bench:intake -- [--quick] [--keep]\n  --keep  leave the temp data folder in place\n');
    return 0;
  }
  if (values.keep) keepTempDirs();
  const z = values.quick ? SIZES.quick : SIZES.full;
  cleanupOnSignals();
  const started = new Date();
  const loads: Record<string, string> = { start: load() };
  const dir = tempDir('enclave-bench-intake-');
  const env = serverEnv(dir, { LOG_LEVEL: 'warn' });

  log(`seed: ${z.subjects.toLocaleString('en-US')} subjects × ${z.valuesPerSubject} values through receiveReport (in process)…`);
  const seed = await ask<SeedResult>('seed.ts', { subjects: z.subjects, valuesPerSubject: z.valuesPerSubject, concurrency: z.seedConcurrency } satisfies SeedRequest, env);
  loads.afterSeed = load();
  log(`seeded ${seed.values.toLocaleString('en-US')} values in ${(seed.ms / 1000).toFixed(1)} s; starting the server (builds the index)…`);
  const s0 = performance.now();
  const server = await startServer(env, join(dir, 'server.log'), { timeoutMs: 60 * 60_000 });
  const serverStartMs = performance.now() - s0;
  log(`server ${server.url} ready in ${(serverStartMs / 1000).toFixed(1)} s; intake over HTTP for ${z.seconds} s…`);
  loads.beforeHttp = load();
  const client = await ask<ClientResult>(
    'client.ts',
    { url: server.url, integrationId: seed.integrationId, secret: seed.secret, concurrency: z.clientConcurrency, seconds: z.seconds, firstSubject: 10_000_000, serverPid: server.child.pid ?? 0 } satisfies ClientRequest,
    env,
  );
  loads.afterHttp = load();
  await stop(server.child);
  log(`${client.created} reports created; analyzer throughput and index memory…`);
  const analyzer = await ask<AnalyzerResult>('analyzer-child.ts', { dataDir: env.ENCLAVE_DATA_DIR as string, corpusBytes: z.corpusBytes, rounds: z.rounds, budgetMs: z.budgetMs } satisfies AnalyzerRequest, env, ['--expose-gc']);
  loads.afterAnalyzer = load();

  const md = renderReport({ quick: Boolean(values.quick), sizes: z, started: started.toISOString(), finished: new Date().toISOString(), loads, seed, serverStartMs, client, analyzer });
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', values.quick ? 'intake-latest-quick.md' : 'intake-latest.md'), md);
  process.stdout.write(md);
  return 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`bench:intake: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanup();
    process.exit(1);
  });
