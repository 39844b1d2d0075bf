/**
 * Test helpers with real processes: a Redis server (Debian's `redis-server`) on a free port in a
 * temp folder, and `bin/enclave serve` nodes sharing one data folder and master key file. Every
 * process is stopped by its own pid.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `bin/enclave` of this checkout. */
export const BIN = resolve(dirname(fileURLToPath(import.meta.url)), '../../../bin/enclave');

/** A free TCP port on 127.0.0.1 (bound, then released). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A running Redis; `stop` kills it (SIGKILL by default), `start` runs it again on the same port. */
export interface TestRedis {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** True when Debian's `redis-server` is on PATH. */
export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).status === 0;
}

/** Starts `redis-server --port P --save '' --appendonly no --dir DIR` (no persistence). */
export async function startRedis(dir: string): Promise<TestRedis> {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let proc: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
      if (ping.stdout.trim() === 'PONG') return;
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await sleep(50);
    }
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop: async (signal = 'SIGKILL') => {
      const p = proc;
      // a process killed by a signal keeps exitCode null: without the signalCode check a second stop waited forever
      if (!p || p.exitCode !== null || p.signalCode !== null) return;
      const exited = new Promise((r) => p.once('exit', r));
      p.kill(signal);
      await exited;
    },
  };
}

/** A running `bin/enclave serve`. */
export interface TestNode {
  url: string;
  proc: ChildProcess;
  output(): string;
  /** SIGTERM and wait (graceful), or `kill('SIGKILL')` for a crash. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Writes a stand-in web build so `serve` does not build the web app. */
export function fakeWebDir(dir: string): string {
  const web = join(dir, 'web');
  mkdirSync(join(web, 'dist'), { recursive: true });
  writeFileSync(join(web, 'dist', 'index.html'), '<!doctype html><title>shell</title>');
  return web;
}

/** Environment shared by the nodes of one test cluster. */
export function clusterEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ENCLAVE_DATA_DIR: join(dir, 'data'),
    ENCLAVE_MASTER_KEY_FILE: join(dir, 'keys', 'master.key'),
    ENCLAVE_WEB_DIR: fakeWebDir(dir),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    ...extra,
  };
}

/**
 * Starts `bin/enclave serve` with `env` on a free port; resolves once it listens. `nodeArgs` go to
 * node before the script (e.g. `--cpu-prof`, which NODE_OPTIONS does not take).
 */
export async function startNode(env: Record<string, string>, nodeArgs: string[] = []): Promise<TestNode> {
  const port = await freePort();
  const proc = spawn(process.execPath, [...nodeArgs, BIN, 'serve'], { env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  proc.stderr?.on('data', (d: Buffer) => (out += d.toString('utf8')));
  await new Promise<void>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`serve did not start: ${out}`)), 180_000); // a loaded 2-core CI machine
    const check = (): void => {
      if (/Enclave listening on/.test(out)) {
        clearTimeout(t);
        res();
      } else if (proc.exitCode !== null) {
        clearTimeout(t);
        rej(new Error(`serve exited ${proc.exitCode}: ${out}`));
      } else setTimeout(check, 50);
    };
    check();
  });
  return {
    url: `http://127.0.0.1:${port}`,
    proc,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await exited;
    },
  };
}

/** `bin/enclave ARGS` with `env`, synchronously. */
export function cli(args: string[], env: Record<string, string>, input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Creates a staff account with the CLI; returns its id and API token. */
export function addUser(env: Record<string, string>, email: string, name: string, role = 'agent', init = false): { id: string; apiToken: string } {
  const r = cli(['users', 'add', ...(init ? ['--init'] : []), '--email', email, '--name', name, '--role', role], env);
  if (r.status !== 0) throw new Error(`users add: ${r.status} ${r.stderr}`);
  return JSON.parse(r.stdout) as { id: string; apiToken: string };
}
