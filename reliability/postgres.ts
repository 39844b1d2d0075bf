/**
 * A PostgreSQL for one reliability test file, as `scripts/with-postgres.sh` makes one: Debian's
 * binaries (`PGBIN`, default the newest `/usr/lib/postgresql/<v>/bin`), `initdb --no-locale -E UTF8`
 * into a temp folder (as the `postgres` user when run as root: initdb refuses root), trust auth
 * over a unix socket in that folder only (no TCP listener), durability off (a test cluster),
 * `pg_ctl start` on a free port, one database. Every process is stopped by `pg_ctl` on its own
 * data folder; nothing else is touched.
 *
 * {@link usePostgres} takes the PostgreSQL of `DATABASE_URL` when it is set (CI runs the suite
 * under `scripts/with-postgres.sh`) and creates a fresh database of its own in it (dropped at the
 * end), else starts its own with {@link startPostgres}.
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { freePort } from '../server/src/test/processes.ts';

/** A PostgreSQL database for a test: its URL and how to drop it / stop its server. */
export interface TestPostgres {
  /** `postgres://…` of the test's own database (C collation). */
  url: string;
  /** Restarts the server (`pg_ctl restart -m fast`); only for a server this helper started. */
  restart?: () => Promise<void>;
  /** Drops the database (or stops the server this helper started and removes its folder). */
  stop(): Promise<void>;
}

/** The binaries folder: `PGBIN` or the newest `/usr/lib/postgresql/<version>/bin`. */
export function pgBin(): string {
  if (process.env.PGBIN) return process.env.PGBIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(a) - Number(b));
  const v = versions.at(-1);
  if (!v) throw new Error('no PostgreSQL binaries (apt-get install -y postgresql, or set PGBIN)');
  return join(root, v, 'bin');
}

const asRoot = process.getuid?.() === 0;
const run = promisify(execFile);

/** Runs a PostgreSQL binary (as `postgres` when we are root); throws with its output on failure. */
function pgRun(bin: string, args: string[]): void {
  const file = join(pgBin(), bin);
  const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', file, ...args], { encoding: 'utf8' }) : spawnSync(file, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.status}: ${r.stdout}${r.stderr}`);
}

/**
 * Starts a throw-away PostgreSQL in a new temp folder (`$TMPDIR/enclave-pg-*`, mode 0700, owned
 * by `postgres` when we are root) and creates the database `enclave`. `restart()` runs
 * `pg_ctl restart -m fast` (the same port and socket folder); `stop()` runs
 * `pg_ctl stop -m immediate` and removes the folder.
 */
export async function startPostgres(): Promise<TestPostgres & { restart: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'enclave-pg-'));
  chmodSync(dir, 0o700);
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const data = join(dir, 'data');
  pgRun('initdb', ['-D', data, '-U', 'enclave', '--auth=trust', '--no-locale', '-E', 'UTF8']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`;
  pgRun('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-o', opts, 'start']);
  pgRun('createdb', ['-h', dir, '-p', String(port), '-U', 'enclave', 'enclave']);
  return {
    url: `postgres://enclave@localhost:${port}/enclave?host=${dir}`,
    // asynchronous: the caller's event loop keeps timing its requests meanwhile
    restart: async () => {
      const args = ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '60', '-m', 'fast', '-o', opts, 'restart'];
      const file = join(pgBin(), 'pg_ctl');
      await (asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args));
    },
    stop: async () => {
      try {
        pgRun('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A fresh database for this test: in the PostgreSQL of `DATABASE_URL` when it is a `postgres://`
 * URL (`CREATE DATABASE enclave_rel_<hex> … LC_COLLATE 'C' TEMPLATE template0`, dropped by
 * `stop()` with `WITH (FORCE)`), else in a server started by {@link startPostgres}.
 */
export async function usePostgres(): Promise<TestPostgres> {
  const outer = process.env.DATABASE_URL;
  if (!outer || !/^postgres(ql)?:\/\//.test(outer)) return startPostgres();
  const name = `enclave_rel_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: outer });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  } finally {
    await admin.end();
  }
  const u = new URL(outer);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    stop: async () => {
      const c = new pg.Client({ connectionString: outer });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
