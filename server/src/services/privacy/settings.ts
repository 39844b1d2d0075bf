/**
 * Privacy settings read from the environment (once, by `buildContext`):
 * `ENCLAVE_BROAD_THRESHOLD` (members above which a private channel is broad, default 50),
 * `ENCLAVE_REVEAL_RATE` (reveals per person per window, default 30),
 * `ENCLAVE_REVEAL_WINDOW_MINUTES` (default 10), `ENCLAVE_ANALYZE_RATE` (composer previews per
 * person per minute, default 120), `ENCLAVE_WAL_CHECKPOINT_MINUTES` (period of the
 * `wal_checkpoint(TRUNCATE)` that keeps old page images out of the WAL file, default 10),
 * `ENCLAVE_DEFAULT_PHONE_REGION` (ISO 3166-1 alpha-2 region of phone numbers typed without `+` in
 * subject search, default `US`).
 */
import { ConfigError } from '../../config/index.ts';
import { DEFAULT_BROAD_THRESHOLD } from './index.ts';

/** Validated privacy settings; times in ms. */
export interface PrivacySettings {
  broadThreshold: number;
  revealMax: number;
  revealWindowMs: number;
  analyzeMax: number;
  analyzeWindowMs: number;
  walCheckpointMs: number;
  /** ISO 3166-1 alpha-2 region of phone numbers written without `+` in subject search (default `US`). */
  defaultPhoneRegion: string;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive integer`);
  return n;
}

function region(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const r = raw.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(r)) throw new ConfigError(`${name} must be an ISO 3166-1 alpha-2 region such as US or GB`);
  return r;
}

/** Reads the settings; throws {@link ConfigError} naming the bad variable. */
export function loadPrivacySettings(env: NodeJS.ProcessEnv = process.env): PrivacySettings {
  return {
    broadThreshold: positiveInt(env, 'ENCLAVE_BROAD_THRESHOLD', DEFAULT_BROAD_THRESHOLD),
    revealMax: positiveInt(env, 'ENCLAVE_REVEAL_RATE', 30),
    revealWindowMs: positiveInt(env, 'ENCLAVE_REVEAL_WINDOW_MINUTES', 10) * 60_000,
    analyzeMax: positiveInt(env, 'ENCLAVE_ANALYZE_RATE', 120),
    analyzeWindowMs: 60_000,
    walCheckpointMs: positiveInt(env, 'ENCLAVE_WAL_CHECKPOINT_MINUTES', 10) * 60_000,
    defaultPhoneRegion: region(env, 'ENCLAVE_DEFAULT_PHONE_REGION', 'US'),
  };
}

/**
 * The broad threshold presenters use (they have no context): set by the privacy runtime when the
 * context is built; before that, `ENCLAVE_BROAD_THRESHOLD` (default 50). One value per process.
 */
let presenterThreshold: number | undefined;
export function broadThresholdFromEnv(): number {
  presenterThreshold ??= loadPrivacySettings().broadThreshold;
  return presenterThreshold;
}

/** Sets the threshold {@link broadThresholdFromEnv} returns (called by `buildPrivacyRuntime`). */
export function setPresenterBroadThreshold(n: number): void {
  presenterThreshold = n;
}
