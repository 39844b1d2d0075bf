/**
 * `enclave audit verify [--checkpoint-file FILE]` — checks the audit log's hash chain, the signed
 * checkpoints and the checkpoint file; prints ONE summary line. Exit 0 intact, 1 broken (naming the
 * first broken event's seq and why), 2 usage or I/O error.
 * `enclave audit checkpoint` — signs the current head now (one line: the checkpoint or "nothing new").
 * Reads `ENCLAVE_DATA_DIR`, `ENCLAVE_MASTER_KEY_FILE` (the signing key sits beside it),
 * `ENCLAVE_AUDIT_SIGNING_KEY_FILE`, `ENCLAVE_AUDIT_CHECKPOINT_FILE`.
 */
import { loadConfig } from '../config/index.ts';
import { openCliDatabase } from './open-database.ts';
import {
  createCheckpoint,
  defaultCheckpointFile,
  loadOrCreateSigningKey,
  readSigningPublicKey,
  verifyAuditLog,
} from '../services/audit/index.ts';

const USAGE = 'usage: enclave audit verify [--checkpoint-file FILE] | enclave audit checkpoint\n';

function parse(args: string[]): { cmd: string; checkpointFile?: string } | undefined {
  const [cmd, ...rest] = args;
  if (cmd !== 'verify' && cmd !== 'checkpoint') return undefined;
  let checkpointFile: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--checkpoint-file' && cmd === 'verify' && rest[i + 1]) checkpointFile = rest[++i];
    else return undefined;
  }
  return { cmd, checkpointFile };
}

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const parsed = parse(args);
  if (!parsed) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const config = loadConfig();
    const open = await openCliDatabase(config.dataDir, { command: `enclave audit ${parsed.cmd}` });
    if (!open) return 2;
    try {
      const keyFile = config.auditSigningKeyFile;
      const checkpointFile = parsed.checkpointFile ?? defaultCheckpointFile(config.dataDir);
      if (parsed.cmd === 'checkpoint') {
        const cp = await createCheckpoint(open.db, { key: loadOrCreateSigningKey(keyFile), file: checkpointFile });
        process.stdout.write(cp ? `audit checkpoint at seq ${cp.seq}: ${cp.hash}\n` : 'audit checkpoint: nothing new to sign\n');
        return 0;
      }
      const publicKey = readSigningPublicKey(keyFile);
      const r = await verifyAuditLog(open.db, { checkpointFile, trustedPublicKeys: publicKey ? [publicKey] : undefined, sqlite: open.sqlite });
      if (r.ok) {
        process.stdout.write(`audit log intact: ${r.events} events, ${r.checkpoints} checkpoints, ${r.checkpointFileLines} checkpoint file lines\n`);
        return 0;
      }
      process.stdout.write(`audit log BROKEN at seq ${r.firstBroken?.seq}: ${r.firstBroken?.reason} (${r.events} events read)\n`);
      return 1;
    } finally {
      await open.close();
    }
  } catch (err) {
    process.stderr.write(`enclave audit: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
