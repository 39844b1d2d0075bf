/**
 * Audit log service: hash-chained, append-only events, signed checkpoints, verification and the
 * privacy officer's queries. Callers use {@link appendAuditEvent} inside the transaction of the
 * action they record (success) or in a separate transaction (denied/failed attempts).
 */
export { appendAuditEvent, onAuditAppend, rowToAuditEvent, type AuditEvent, type AuditEventInput, type AuditOutcome } from './append.ts';
export { GENESIS_HASH, canonicalJson, hashAuditEvent, type HashableAuditEvent } from './hash.ts';
export {
  checkpointSignatureValid,
  createCheckpoint,
  defaultCheckpointFile,
  startAuditCheckpointer,
  type AuditCheckpoint,
  type AuditCheckpointer,
  type CheckpointLogger,
  type CheckpointOptions,
  type CheckpointerOptions,
} from './checkpoints.ts';
export { KeyFileError, assertPrivateFile, defaultSigningKeyPath, loadOrCreateSigningKey, pinFilePath, readSigningPublicKey, type AuditSigningKey } from './signing-key.ts';
export { publicKeyFingerprint, verifyAuditLog, type VerifyOptions, type VerifyResult } from './verify.ts';
export { revealCountsByActor, searchAuditEvents, whoSaw, type AuditSearch, type RevealCount } from './search.ts';
export { checkpointCadenceFromEnv, startAuditCheckpointsFromConfig } from './setup.ts';
export { createCheckpointSink, parseSinkUrl, syslogMessage, type CheckpointSink, type SinkOptions, type SinkTarget } from './sink.ts';
export { AUDIT_CHECKPOINT_EVENT, publishCheckpointToOfficers } from './publish.ts';
