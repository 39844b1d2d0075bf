/**
 * Child processes and temp folders of the real-input evaluation (and the protection benchmark):
 * the Enclave server (`node bin/enclave serve`) with stdout and stderr captured to one log file,
 * `bin/enclave users add`, and cleanup. Every child and folder is registered; {@link cleanup}
 * sends SIGTERM (SIGKILL after a grace period) and removes the folders, also on SIGINT/SIGTERM
 * and at exit. Loopback only: the server always listens on 127.0.0.1 with `PORT=0`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from '../../tools/stop-child.ts';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const children = new Set<ChildProcess>();
const dirs = new Set<string>();
let keep = false;

/** Leave temp folders in place at cleanup (for inspecting a run's data and log). */
export function keepTempDirs(): void {
  keep = true;
}

/** A new temp folder, removed by {@link cleanup}. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.add(d);
  return d;
}

/** Registers a child for cleanup and returns it. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A running server child. */
export interface ServerProc {
  /** `http://127.0.0.1:PORT` */
  url: string;
  child: ChildProcess;
  /** File holding everything the server wrote on stdout and stderr. */
  logFile: string;
  /** The environment the server runs with (for CLI calls on the same data folder). */
  env: NodeJS.ProcessEnv;
}

/**
 * Environment for a server on `dir`: data in `dir/data`, master key file `dir/master.key`,
 * `PORT=0`, `HOST=127.0.0.1`, a stub web folder (no web build), plus `extra`.
 */
export function serverEnv(dir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const web = join(dir, 'web');
  mkdirSync(join(web, 'dist'), { recursive: true });
  writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html><title>eval</title>');
  return {
    ...process.env,
    ENCLAVE_DATA_DIR: join(dir, 'data'),
    ENCLAVE_MASTER_KEY_FILE: join(dir, 'master.key'),
    ENCLAVE_WEB_DIR: web,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ...extra,
  };
}

/**
 * Starts a server (`args` default `bin/enclave serve`, run by node) with `env`, appending its
 * stdout and stderr to `logFile`. Resolves once it printed `Enclave listening on URL`; rejects
 * when it exits first or after `timeoutMs`.
 */
export function startServer(env: NodeJS.ProcessEnv, logFile: string, opts: { args?: string[]; timeoutMs?: number } = {}): Promise<ServerProc> {
  const args = opts.args ?? [join(ROOT, 'bin/enclave'), 'serve'];
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stderr?.pipe(log, { end: false });
  let buf = '';
  let ready = false;
  return new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`server not ready within ${(opts.timeoutMs ?? 120_000) / 1000} s (log: ${logFile})`)), opts.timeoutMs ?? 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      log.write(d);
      if (ready) return;
      buf += d.toString('utf8');
      const m = /Enclave listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        ready = true;
        res({ url: m[1] as string, child, logFile, env });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      log.end();
      rej(new Error(`server exited (${code}) before it was ready (log: ${logFile})`));
    });
  });
}

/** Runs a command to completion; resolves with exit code, stdout and stderr. */
export function runCommand(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 600_000): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = performance.now();
  const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((res) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      res({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** A user created by `bin/enclave users add`. */
export interface CliUser {
  id: string;
  email: string;
  role: string;
  apiToken: string;
}

/** `bin/enclave users add` on the server's data folder. Throws with the CLI's stderr on failure. */
export async function addUser(env: NodeJS.ProcessEnv, u: { email: string; name: string; role: string }): Promise<CliUser> {
  const r = await runCommand([join(ROOT, 'bin/enclave'), 'users', 'add', '--email', u.email, '--name', u.name, '--role', u.role], env, 120_000);
  if (r.code !== 0) throw new Error(`users add ${u.role} failed (${r.code}): ${r.stderr.trim()}`);
  return JSON.parse(r.stdout.trim()) as CliUser;
}

/** Stops `child` with SIGTERM (SIGKILL after `graceMs`); resolves when it exited. */
export function stop(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return stopChild(child, graceMs);
}

/** Stops every child and removes every temp folder. Idempotent. */
export async function cleanup(): Promise<void> {
  await Promise.all([...children].map((c) => stop(c)));
  if (keep) for (const d of dirs) process.stderr.write(`kept ${d}\n`);
  else for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

let hooked = false;
/** SIGINT/SIGTERM handlers that clean up and exit 130/143, and a last-resort sync cleanup at exit. */
export function cleanupOnSignals(): void {
  if (hooked) return;
  hooked = true;
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(sig, () => {
      process.stderr.write(`\n${sig}: stopping children and removing temp folders…\n`);
      void cleanup().finally(() => process.exit(code));
    });
  }
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL');
    if (!keep) for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
}
