/**
 * Starts the real Enclave server (`node bin/enclave serve`) for end-to-end tests: temp data
 * folder, free port on 127.0.0.1, waits for `GET /healthz`, captures the console (setup link).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** A running server. */
export interface RunningServer {
  baseUrl: string;
  port: number;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the first output match of `re` (waits up to `timeoutMs`). */
  waitForOutput: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  /** Stops the process (SIGTERM, then SIGKILL after 10 s); removes the data folder unless `keepData`. */
  stop: (opts?: { keepData?: boolean }) => Promise<void>;
}

/** Options of {@link startServer}. */
export interface StartOptions {
  /** Reuse a data folder (e.g. to restart on the same database); a fresh temp folder by default. */
  dataDir?: string;
  /** Listen on this port; a free one by default. */
  port?: number;
  /** Extra environment variables for the server. */
  env?: Record<string, string>;
  /** How long to wait for `/healthz` (ms, default 90 000). */
  timeoutMs?: number;
}

/** A free TCP port on 127.0.0.1 (asks the OS for one, then releases it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the server and waits until `/healthz` answers 200 (throws after `timeoutMs`). */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const timeoutMs = opts.timeoutMs ?? 90_000;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'enclave-e2e-'));
  const port = opts.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/enclave'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env, ENCLAVE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) throw new Error(`server exited with ${exited}:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy after ${timeoutMs} ms:\n${out}`);
    }
    const ok = await fetch(`${baseUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    baseUrl,
    port,
    dataDir,
    output: () => out,
    waitForOutput: async (re, wait = 10_000) => {
      const end = Date.now() + wait;
      for (;;) {
        const m = out.match(re);
        if (m) return m;
        if (Date.now() > end) throw new Error(`no ${re} in server output:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    stop: async ({ keepData = false } = {}) => {
      if (exited === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Creates an account with `bin/enclave users add … --password-stdin` (works while the server
 * runs) and returns the printed `{ id, email, role, apiToken }`. Throws on a non-zero exit.
 */
export function addUser(
  dataDir: string,
  user: { email: string; name: string; role: string; password: string },
): Promise<{ id: string; email: string; role: string; apiToken: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/enclave'), 'users', 'add', '--email', user.email, '--name', user.name, '--role', user.role, '--password-stdin'],
      { cwd: ROOT, env: { ...process.env, ENCLAVE_DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`users add exited ${code}: ${err}`));
      else resolve(JSON.parse(out) as { id: string; email: string; role: string; apiToken: string });
    });
    child.stdin.end(`${user.password}\n`);
  });
}
