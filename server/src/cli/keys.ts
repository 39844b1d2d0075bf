/**
 * `enclave keys rotate` — generates a new master key and re-wraps every data key under it, online
 * (batches, each its own transaction; a running server keeps reading because each wrapped key names
 * its KEK and the server reloads the key file and `<file>.old` when they change).
 *
 * Key file mode (default): the old key is copied to `<file>.old` (0600), the new key is written to
 * `<file>.tmp` and renamed over `<file>` (atomic), data keys are re-wrapped, then `.old` is removed.
 * If a previous run was interrupted (`.old` exists), it resumes with the keys on disk.
 * `ENCLAVE_MASTER_KEY` mode: prints the new key ONCE to stdout (`ENCLAVE_MASTER_KEY=<base64>`)
 * before re-wrapping; the operator must store it and restart servers with it (a server cannot pick
 * up a new environment value, so stop servers first in this mode).
 * Intake integration secrets (also wrapped by the master key) are re-wrapped in the same batch
 * transactions.
 * Refuses (exit 2) a data folder without a database; names the database used on stderr.
 * Prints one summary line. Exit 0 success, 2 usage or I/O error.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig } from '../config/index.ts';
import { databaseExists } from '../db/database.ts';
import { isPostgresUrl, redactUrl } from '../db/postgres.ts';
import { openCliDatabase } from './open-database.ts';
import { appendAuditEvent } from '../services/audit/index.ts';
import { rewrapIntegrationSecrets } from '../services/cases/integrations.ts';
import { LocalKms, Vault, readKeyFile, writeKeyFile, type RotateResult } from '../services/vault/index.ts';

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'rotate') {
    process.stderr.write('usage: enclave keys rotate\n');
    return 2;
  }
  try {
    const config = loadConfig();
    if (!(await databaseExists(config))) {
      const where = config.databaseUrl && isPostgresUrl(config.databaseUrl) ? `at ${redactUrl(config.databaseUrl)} (DATABASE_URL: never migrated)` : `in ${config.dataDir} (ENCLAVE_DATA_DIR)`;
      process.stderr.write(`enclave keys rotate: no database ${where}; nothing to rotate\n`);
      return 2;
    }
    const file = config.masterKeyFile;
    const oldFile = `${file}.old`;
    let current: LocalKms;
    let previous: LocalKms[];
    let mode: 'env' | 'file';
    if (config.masterKey) {
      mode = 'env';
      previous = [LocalKms.fromBase64(config.masterKey)];
      current = LocalKms.generate();
      process.stdout.write(`ENCLAVE_MASTER_KEY=${current.exportBase64()}\n`);
    } else if (existsSync(oldFile)) {
      // An interrupted rotation: both keys are on disk (a `.tmp` left before the rename was never used).
      mode = 'file';
      rmSync(`${file}.tmp`, { force: true });
      previous = [readKeyFile(oldFile)];
      current = readKeyFile(file);
    } else {
      mode = 'file';
      if (!existsSync(file)) {
        process.stderr.write(`enclave keys: no master key file at ${file}\n`);
        return 2;
      }
      const old = readKeyFile(file);
      previous = [old];
      current = LocalKms.generate();
      writeKeyFile(oldFile, old, 'wx');
      fsyncPath(oldFile);
      const tmp = `${file}.tmp`;
      writeKeyFile(tmp, current, 'w');
      fsyncPath(tmp);
      renameSync(tmp, file);
      fsyncPath(dirname(file));
    }
    const open = await openCliDatabase(config, { command: 'enclave keys rotate' });
    if (!open) return 2;
    let res: RotateResult;
    try {
      const vault = new Vault({ kms: previous[0] ?? current, previous });
      res = await vault.rotateMasterKey(open.db, current, { rewrapOthers: rewrapIntegrationSecrets });
      await appendAuditEvent(open.db, {
        actor: 'cli',
        action: 'keys.rotate',
        target: 'master_key',
        outcome: 'success',
        details: { from: previous.map((k) => k.keyId), to: current.keyId, rewrapped: res.rewrapped, integrationSecrets: res.othersRewrapped, mode },
      });
    } finally {
      await open.close();
    }
    if (mode === 'file' && existsSync(oldFile)) {
      unlinkSync(oldFile);
      fsyncPath(dirname(file));
    }
    process.stdout.write(
      `master key rotated: ${res.rewrapped} data keys re-wrapped in ${res.batches} batches, now ${current.keyId}` +
        (mode === 'file' ? ` (key file ${file})\n` : ' (store the new ENCLAVE_MASTER_KEY above and restart the server with it)\n'),
    );
    return 0;
  } catch (err) {
    process.stderr.write(`enclave keys: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
