/**
 * Test helper: a throw-away PostgreSQL for tests that need one whether or not the run has a
 * `DATABASE_URL` (the reliability suite's multi-node tests). It runs `scripts/with-postgres.sh`
 * (initdb into a temp folder, a free port, unix socket only) around a small process that prints
 * the `DATABASE_URL` and waits for its stdin to close; `stop()` closes it, and the script stops
 * the server and removes the folder. If the test process dies, stdin closes too, so no cluster is
 * left behind. Not for production code.
 */
import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `scripts/with-postgres.sh` of this checkout. */
export const WITH_POSTGRES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../scripts/with-postgres.sh');

/** A running throw-away PostgreSQL: `url` is its `DATABASE_URL` (database `enclave`). */
export interface TestPostgres {
  url: string;
  /** Stops the server and removes its folder; resolves when done. */
  stop(): Promise<void>;
}

const HOLD = "process.stdout.write('DATABASE_URL=' + process.env.DATABASE_URL + '\\n'); process.stdin.resume(); process.stdin.on('end', () => process.exit(0));";

/**
 * Starts a throw-away PostgreSQL (Debian's binaries, `PGBIN` to override). Rejects with the
 * script's output when it cannot start (no binaries: `apt-get install -y postgresql`) or takes
 * longer than `timeoutMs` (default 120 s).
 */
export function startPostgres(timeoutMs = 120_000): Promise<TestPostgres> {
  const proc = spawn(WITH_POSTGRES, [process.execPath, '-e', HOLD], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      proc.stdin.end();
      rej(new Error(`with-postgres did not start in ${timeoutMs} ms: ${out}`));
    }, timeoutMs);
    const onData = (d: Buffer): void => {
      out += d.toString('utf8');
      const m = /^DATABASE_URL=(\S+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      res({
        url: m[1] as string,
        stop: async () => {
          proc.stdin.end();
          await exited;
        },
      });
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    proc.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`with-postgres exited ${code}: ${out}`));
    });
  });
}
