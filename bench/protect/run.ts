/**
 * `npm run bench:protect [-- --quick] [--profile DIR]`: the protection benchmark (issue 4, "Benchmark"), all on
 * 127.0.0.1, bounded in time, children stopped and temp folders removed at the end or on Ctrl-C.
 *  1. `setup.ts` (child) creates the users and channels of two data folders (ON and OFF);
 *  2. two servers: `bin/enclave serve` (protection ON) and `off-server.ts` (the same server
 *     code with the pass-through guard: protection OFF — the server has no switch for it);
 *  3. `clients.ts` (child) connects every member of both, alternates send windows between them
 *     at the target rate, then times reveals on the ON server;
 *  4. `audit-child.ts` (child) measures the append rate and seeds N events, then
 *     `bin/enclave audit verify` is timed on that folder.
 * Prints a markdown table with targets and pass/fail (load average beside each figure) and
 * writes it to `bench/results/protect-latest.md` (`protect-latest-quick.md` with `--quick`).
 * Exit 0 when the run completed (whatever pass/fail), 1 on a harness error.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cleanup, cleanupOnSignals, ROOT, runCommand, serverEnv, startServer, stop, tempDir, track } from '../../eval/e2e/procs.ts';
import type { AuditRequest, AuditResult, BenchChannel, LoadCommand, LoadResult, SetupRequest } from './protocol.ts';
import { renderReport } from './report.ts';

const SIZES = {
  full: { channels: 100, members: 10, rate: 200, windowSeconds: 15, rounds: 4, reveals: 500, single: 20_000, seed: 1_000_000 },
  quick: { channels: 20, members: 10, rate: 200, windowSeconds: 5, rounds: 2, reveals: 100, single: 5_000, seed: 100_000 },
};

const log = (m: string): void => void process.stderr.write(`[bench:protect ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');

function forkChild(file: string): ChildProcess {
  return track(fork(join(ROOT, 'bench/protect', file), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: ROOT }));
}

function ask<T>(child: ChildProcess, msg: unknown): Promise<T> {
  return new Promise<T>((res, rej) => {
    const onExit = (code: number | null): void => rej(new Error(`child exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (m: { ok: boolean; error?: string } & Record<string, unknown>) => {
      child.off('exit', onExit);
      if (m.ok) res(m as T);
      else rej(new Error(m.error ?? 'child failed'));
    });
    child.send(msg as object);
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, profile: { type: 'string' }, 'no-audit': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    process.stdout.write('usage: npm run bench:protect -- [--quick] [--profile DIR] [--no-audit]\n  --no-audit     skip the audit append/verify part (send path and reveal only)\n  --profile DIR  write V8 CPU profiles of both servers (node --cpu-prof) into DIR\n');
    return 0;
  }
  const z = values.quick ? SIZES.quick : SIZES.full;
  cleanupOnSignals();
  const started = new Date();
  const loads: Record<string, string> = { start: load() };
  const dir = tempDir('enclave-bench-protect-');
  const onDir = join(dir, 'on');
  const offDir = join(dir, 'off');
  const env = { ENCLAVE_REVEAL_RATE: '1000000', LOG_LEVEL: 'warn' };
  const onEnv = serverEnv(onDir, env);
  const offEnv = serverEnv(offDir, env);

  log(`setup: ${z.channels} channels × ${z.members} members, twice…`);
  const setups = await Promise.all(
    [onEnv, offEnv].map((e) => ask<{ channels: BenchChannel[] }>(forkChild('setup.ts'), { dataDir: e.ENCLAVE_DATA_DIR as string, channels: z.channels, members: z.members } satisfies SetupRequest)),
  );
  log('starting the ON and OFF servers…');
  const prof = values.profile ? ['--cpu-prof', '--cpu-prof-dir', values.profile] : [];
  const on = await startServer(onEnv, join(dir, 'on.log'), { args: [...prof, join(ROOT, 'bin/enclave'), 'serve'] });
  const off = await startServer(offEnv, join(dir, 'off.log'), { args: [...prof, '--import', 'tsx', join(ROOT, 'bench/protect/off-server.ts')] });
  log(`ON ${on.url}, OFF ${off.url}; clients connecting (${2 * z.channels * z.members} sockets)…`);
  loads.load = load();
  const cmd: LoadCommand = {
    targets: [
      { name: 'on', url: on.url, pid: on.child.pid ?? 0, channels: (setups[0] as { channels: BenchChannel[] }).channels },
      { name: 'off', url: off.url, pid: off.child.pid ?? 0, channels: (setups[1] as { channels: BenchChannel[] }).channels },
    ],
    rate: z.rate,
    windowSeconds: z.windowSeconds,
    rounds: z.rounds,
    drainMs: 15_000,
    reveals: z.reveals,
  };
  const loadRes = (await ask<{ result: LoadResult }>(forkChild('clients.ts'), cmd)).result;
  loads.afterLoad = load();
  await Promise.all([stop(on.child), stop(off.child)]);
  const { on: rOn, off: rOff } = loadRes.results;
  log(`server CPU per accepted message ON / OFF: ${(rOn.serverCpuMs / rOn.accepted).toFixed(2)} / ${(rOff.serverCpuMs / rOff.accepted).toFixed(2)} ms`);
  if (values['no-audit']) {
    const md = renderReport({ quick: Boolean(values.quick), sizes: z, started: started.toISOString(), finished: new Date().toISOString(), loads, load: loadRes });
    mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
    writeFileSync(join(ROOT, 'bench/results', values.quick ? 'protect-latest-quick-noaudit.md' : 'protect-latest-noaudit.md'), md);
    process.stdout.write(md);
    return 0;
  }

  log(`audit: append ${z.single.toLocaleString('en-US')} single, seed ${z.seed.toLocaleString('en-US')}…`);
  const auditDir = join(dir, 'audit');
  const seedEnv = serverEnv(join(auditDir, 'seed'), {});
  const auditReq: AuditRequest = { appendDir: join(auditDir, 'append'), single: z.single, seedDir: seedEnv.ENCLAVE_DATA_DIR as string, seed: z.seed, batch: 1000 };
  const audit = (await ask<{ result: AuditResult }>(forkChild('audit-child.ts'), auditReq)).result;
  loads.afterAudit = load();
  log('audit verify…');
  // verify needs a pinned key (issue 7 item 8): pin this folder's signing key by fingerprint. The
  // seed is one unsigned bulk insert, so the checkpoint cadence is set to cover it.
  const pk = await runCommand([join(ROOT, 'bin/enclave'), 'audit', 'public-key'], seedEnv, 120_000);
  const fingerprint = /SHA256:([0-9a-f]{64})/.exec(pk.stdout)?.[1] ?? '';
  const verifyEnv = { ...seedEnv, ENCLAVE_AUDIT_PUBLIC_KEY: fingerprint, ENCLAVE_AUDIT_CHECKPOINT_EVERY: String(z.seed + z.single), ENCLAVE_AUDIT_CHECKPOINT_MINUTES: '1440' };
  const verify = await runCommand([join(ROOT, 'bin/enclave'), 'audit', 'verify'], verifyEnv, 600_000);
  loads.afterVerify = load();

  const md = renderReport({ quick: Boolean(values.quick), sizes: z, started: started.toISOString(), finished: new Date().toISOString(), loads, load: loadRes, audit, verify });
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', values.quick ? 'protect-latest-quick.md' : 'protect-latest.md'), md);
  process.stdout.write(md);
  return 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    process.stderr.write(`bench:protect: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    await cleanup();
    process.exit(1);
  });
