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
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  /** Resolves with the first output match of `re` (waits up to `timeoutMs`). */
  waitForOutput: (re: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  stop: () => Promise<void>;
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

/** Starts the server and waits until `/healthz` answers 200 (throws after `timeoutMs`, default 90 s). */
export async function startServer(timeoutMs = 90_000): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'enclave-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let out = '';
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/enclave'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, ENCLAVE_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'test' },
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
    stop: async () => {
      if (exited === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await done;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
