/**
 * `enclave audit verify [--public-key PATH | --fingerprint SHA256HEX] [--checkpoint-file FILE]` —
 * checks the audit log's hash chain, the signed checkpoints (against a PINNED public key, never the
 * key file beside the database), the checkpoint file (e.g. a copy kept off the machine) and the
 * checkpoint cadence (no event left more than one interval without a checkpoint); prints ONE
 * summary line, including how many events no checkpoint covers yet. The pin may also come from
 * `ENCLAVE_AUDIT_PUBLIC_KEY` (a fingerprint, a PEM file path or PEM text), so plain
 * `enclave audit verify` works once it is configured. Exit 0 intact, 1 broken (naming the first
 * broken event's seq and why), 2 usage or I/O error: no pin, a missing or unreadable
 * `--checkpoint-file`, no database.
 * `enclave audit checkpoint` — signs the current head now (one line: the checkpoint or "nothing new").
 * `enclave audit public-key` — prints the signing key's public half (PEM) and its SHA-256
 * fingerprint, to pin on another machine. Creates the key when there is none yet.
 * Reads `ENCLAVE_DATA_DIR`, `ENCLAVE_AUDIT_SIGNING_KEY_FILE` (default beside the master key file),
 * `ENCLAVE_AUDIT_CHECKPOINT_FILE`, `ENCLAVE_AUDIT_CHECKPOINT_EVERY` / `_MINUTES`, `ENCLAVE_AUDIT_PUBLIC_KEY`.
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/index.ts';
import {
  checkpointCadenceFromEnv,
  createCheckpoint,
  defaultCheckpointFile,
  loadOrCreateSigningKey,
  pinFilePath,
  publicKeyFingerprint,
  verifyAuditLog,
} from '../services/audit/index.ts';
import { openCliDatabase } from './open-database.ts';

const USAGE =
  'usage: enclave audit verify [--public-key PATH | --fingerprint SHA256HEX] [--checkpoint-file FILE]\n' +
  '       enclave audit checkpoint\n' +
  '       enclave audit public-key\n';

const NO_PIN =
  'enclave audit verify: no pinned audit public key. Pass --public-key PATH or --fingerprint SHA256HEX, or set ' +
  'ENCLAVE_AUDIT_PUBLIC_KEY (a fingerprint or a PEM file). Get them with `bin/enclave audit public-key` and keep them off ' +
  "this machine: the key file beside the database is never trusted on its own (whoever can rewrite the log can replace it)\n";

/** Thrown for a usage problem (exit 2 with the message). */
class UsageError extends Error {}

/** A pin: a base64 DER SPKI key or a SHA-256 fingerprint. */
type Pin = { publicKey: string } | { fingerprint: string };

function pemToSpkiBase64(pem: string, where: string): string {
  try {
    return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
  } catch {
    throw new UsageError(`enclave audit verify: ${where} is not a PEM public key`);
  }
}

function pinFromFile(path: string, where: string): Pin {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`enclave audit verify: cannot read ${where} ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return { publicKey: pemToSpkiBase64(pem, `${where} ${path}`) };
}

function pinFromFingerprint(hex: string, where: string): Pin {
  const f = hex.replace(/^SHA256:/i, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(f)) throw new UsageError(`enclave audit verify: ${where} must be 64 hex digits (SHA-256 of the DER public key)`);
  return { fingerprint: f };
}

/**
 * The pin from flags, else `ENCLAVE_AUDIT_PUBLIC_KEY`, else the pin file written beside the signing
 * key when it was made (`pinFilePath`, in the key folder outside the data folder), else
 * `undefined`. Throws {@link UsageError}.
 */
function resolvePin(flags: { 'public-key'?: string; fingerprint?: string }, env: NodeJS.ProcessEnv, signingKeyFile: string): Pin | undefined {
  if (flags['public-key'] && flags.fingerprint) throw new UsageError('enclave audit verify: give --public-key or --fingerprint, not both');
  if (flags['public-key']) return pinFromFile(flags['public-key'], '--public-key');
  if (flags.fingerprint) return pinFromFingerprint(flags.fingerprint, '--fingerprint');
  const v = env.ENCLAVE_AUDIT_PUBLIC_KEY?.trim();
  if (!v) {
    let pinned: string;
    try {
      pinned = readFileSync(pinFilePath(signingKeyFile), 'utf8').trim();
    } catch {
      return undefined;
    }
    return pinFromFingerprint(pinned, `pin file ${pinFilePath(signingKeyFile)}`);
  }
  if (/^(SHA256:)?[0-9a-fA-F]{64}$/.test(v)) return pinFromFingerprint(v, 'ENCLAVE_AUDIT_PUBLIC_KEY');
  if (v.startsWith('-----BEGIN')) return { publicKey: pemToSpkiBase64(v, 'ENCLAVE_AUDIT_PUBLIC_KEY') };
  return pinFromFile(v, 'ENCLAVE_AUDIT_PUBLIC_KEY file');
}

/** Runs the command; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const [cmd, ...rest] = args;
  let flags: { 'public-key'?: string; fingerprint?: string; 'checkpoint-file'?: string };
  try {
    if (cmd !== 'verify' && cmd !== 'checkpoint' && cmd !== 'public-key') throw new Error('unknown subcommand');
    const options = { 'public-key': { type: 'string' }, fingerprint: { type: 'string' }, 'checkpoint-file': { type: 'string' } } as const;
    flags = parseArgs({ args: rest, options, strict: true, allowPositionals: false }).values;
    if (cmd !== 'verify' && Object.keys(flags).length > 0) throw new Error('options only apply to verify');
  } catch {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const config = loadConfig();
    if (cmd === 'public-key') {
      const key = loadOrCreateSigningKey(config.auditSigningKeyFile);
      process.stdout.write(`${key.publicKey.export({ type: 'spki', format: 'pem' }).toString()}SHA256:${publicKeyFingerprint(key.publicKeyBase64)}\n`);
      return 0;
    }
    let pin: Pin | undefined;
    if (cmd === 'verify') {
      pin = resolvePin(flags, process.env, config.auditSigningKeyFile);
      if (!pin) {
        process.stderr.write(NO_PIN);
        return 2;
      }
      const explicit = flags['checkpoint-file'];
      if (explicit) {
        try {
          readFileSync(explicit);
        } catch (err) {
          process.stderr.write(`enclave audit verify: cannot read --checkpoint-file ${explicit}: ${(err as NodeJS.ErrnoException).code ?? 'error'}\n`);
          return 2;
        }
      }
    }
    const cadence = checkpointCadenceFromEnv();
    const open = await openCliDatabase(config, { command: `enclave audit ${cmd}` });
    if (!open) return 2;
    try {
      const checkpointFile = flags['checkpoint-file'] ?? defaultCheckpointFile(config.dataDir);
      if (cmd === 'checkpoint') {
        const cp = await createCheckpoint(open.db, { key: loadOrCreateSigningKey(config.auditSigningKeyFile), file: checkpointFile, everyEvents: cadence.everyEvents });
        process.stdout.write(cp ? `audit checkpoint at seq ${cp.seq}: ${cp.hash}\n` : 'audit checkpoint: nothing new to sign\n');
        return 0;
      }
      const r = await verifyAuditLog(open.db, {
        checkpointFile,
        checkpointFileRequired: flags['checkpoint-file'] !== undefined,
        ...(pin && 'publicKey' in pin ? { trustedPublicKeys: [pin.publicKey] } : { trustedFingerprints: pin && 'fingerprint' in pin ? [pin.fingerprint] : [] }),
        interval: { events: cadence.everyEvents, ms: cadence.everyMs },
        ...(open.dialect === 'sqlite' ? { sqlite: open.sqlite } : {}),
      });
      const uncovered = `${r.uncovered} events not yet covered by a checkpoint`;
      if (r.ok) {
        process.stdout.write(`audit log intact: ${r.events} events, ${r.checkpoints} checkpoints, ${r.checkpointFileLines} checkpoint file lines, ${uncovered}\n`);
        return 0;
      }
      process.stdout.write(`audit log BROKEN at seq ${r.firstBroken?.seq}: ${r.firstBroken?.reason} (${r.events} events read, ${uncovered})\n`);
      return 1;
    } finally {
      await open.close();
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    process.stderr.write(`enclave audit: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
