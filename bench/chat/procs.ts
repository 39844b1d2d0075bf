/**
 * Child processes and temp folders of the chat benchmark, all registered for cleanup: the
 * Enclave server (`node bin/enclave serve`), the raw `ws` baseline, forked TypeScript workers
 * with an IPC channel. {@link cleanup} sends SIGTERM to every live child, SIGKILL after 5 s,
 * then removes the temp folders; it also runs on SIGINT/SIGTERM and on normal exit.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../tools/stop-child.ts';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const HERE = dirname(fileURLToPath(import.meta.url));

const children = new Set<ChildProcess>();
const dirs = new Set<string>();

/** A new temp folder, removed by {@link cleanup}. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(d);
  return d;
}

function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Forks `bench/chat/<file>` under tsx with an IPC channel (stdout/stderr inherited). */
export function forkWorker(file: string): ChildProcess {
  return track(fork(join(HERE, file), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: ROOT }));
}

/** Forks the TypeScript file at absolute path `file` under tsx with an IPC channel (stdout/stderr inherited), registered for cleanup. */
export function forkPath(file: string): ChildProcess {
  return track(fork(file, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: ROOT }));
}

/** Sends `msg` to a forked worker and resolves with its next IPC message; rejects if it exits first. */
export function ask<T>(child: ChildProcess, msg: unknown): Promise<T> {
  return new Promise<T>((res, rej) => {
    const onExit = (code: number | null): void => rej(new Error(`worker exited (${code}) before answering`));
    child.once('exit', onExit);
    child.once('message', (m) => {
      child.off('exit', onExit);
      res(m as T);
    });
    child.send(msg as object);
  });
}

/** Waits until `child`'s stdout matches `re` (rejects on exit or after `timeoutMs`); resolves with the match. */
function waitForLine(child: ChildProcess, re: RegExp, timeoutMs: number, what: string, stderr: () => string): Promise<RegExpExecArray> {
  return new Promise((res, rej) => {
    let buf = '';
    const timer = setTimeout(() => rej(new Error(`${what}: not ready within ${timeoutMs / 1000} s\n${stderr()}`)), timeoutMs);
    child.stdout?.on('data', (d: Buffer) => {
      buf += d.toString('utf8');
      const m = re.exec(buf);
      if (m) {
        clearTimeout(timer);
        res(m);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${what} exited (${code}) before it was ready\n${stderr()}`));
    });
  });
}

/** A started server child. */
export interface Started {
  url: string;
  child: ChildProcess;
  /** Everything the child wrote on stderr so far (warnings, errors). */
  stderr(): string;
}

function collect(child: ChildProcess): () => string {
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (err.length < 200_000) err += d.toString('utf8');
  });
  return () => err;
}

/**
 * Starts `node bin/enclave serve` on 127.0.0.1 with a free port (PORT=0), `LOG_LEVEL=warn`,
 * data in `dataDir`, and a stub web folder (so the server does not build the web app).
 * `nodeArgs` go to node before the script (e.g. `--cpu-prof`).
 */
export async function startEnclave(dataDir: string, nodeArgs: string[] = []): Promise<Started> {
  const web = join(dirname(dataDir), 'web');
  mkdirSync(join(web, 'dist'), { recursive: true });
  writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html><title>bench</title>');
  const child = track(
    spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/enclave'), 'serve'], {
      cwd: ROOT,
      env: { ...process.env, ENCLAVE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ENCLAVE_WEB_DIR: web },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const stderr = collect(child);
  const m = await waitForLine(child, /Enclave listening on (http:\/\/127\.0\.0\.1:\d+)/, 120_000, 'enclave serve', stderr);
  return { url: m[1] as string, child, stderr };
}

/** Starts the raw `ws` broadcast baseline (`raw-ws-server.ts`). */
export async function startRaw(): Promise<Started> {
  const child = track(spawn(process.execPath, ['--import', 'tsx', join(HERE, 'raw-ws-server.ts')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
  const stderr = collect(child);
  const m = await waitForLine(child, /\{"port":(\d+)\}/, 60_000, 'raw ws server', stderr);
  return { url: `http://127.0.0.1:${m[1]}`, child, stderr };
}

/** CPU time (user + system) of process `pid` so far, in ms (Linux `/proc/PID/stat`); NaN if unknown. */
export function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** The soft open-files limit of this process (children inherit it), or null if unknown. */
export function openFilesLimit(): number | null {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const v = line?.split(/\s{2,}/)[1];
    return v === undefined || v === 'unlimited' ? null : Number(v);
  } catch {
    return null;
  }
}

/** Stops `child` with SIGTERM (SIGKILL after `graceMs`); resolves when it exited. */
export function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  return stopChild(child, graceMs);
}

/** Stops every child and removes every temp folder. Idempotent. */
export async function cleanup(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

let hooked = false;
let signalled = false;

/** True once SIGINT/SIGTERM started the cleanup (errors after that are expected). */
export function interrupted(): boolean {
  return signalled;
}

/** Installs SIGINT/SIGTERM handlers that clean up and exit 130/143, and a last-resort sync cleanup on exit. */
export function cleanupOnSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(sig, () => {
      signalled = true;
      process.stderr.write(`\n${sig}: stopping children and removing temp folders…\n`);
      void cleanup().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
}
