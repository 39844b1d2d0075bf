/**
 * The privacy runtime of one server process, built once by `buildContext`: the vault (master key
 * from `ENCLAVE_MASTER_KEY` or the 0600 key file), the channel-class lookup, the analyzer (with
 * the known-subject index when one is given), the message guard, rate limits, and the WAL
 * maintenance timer.
 */
import type { Kysely } from 'kysely';
import { analyze as analyzeText, type Finding, type KnownSubjectIndex } from '@enclave/pii';
import type { Config } from '../../config/index.ts';
import type { Database } from '../../db/schema/index.ts';
import { RateLimiter } from '../auth/rate-limiter.ts';
import type { MessageGuard } from '../chat/guard.ts';
import { PrivacyGuard, channelClassFromChat, type ChannelClassOf, type RevealRateLimit } from './index.ts';
import { createVaultFromConfig, type Vault } from '../vault/index.ts';
import { MentionAwareGuard, mentionAwareAnalyzer } from './mention-exemption.ts';
import { loadPrivacySettings, setPresenterBroadThreshold, type PrivacySettings } from './settings.ts';

/** What tests (and later issues) may replace. */
export interface PrivacyOverrides {
  vault?: Vault;
  channelClassOf?: ChannelClassOf;
  /** Known data subjects' values (exact-data match, reported as KNOWN_SUBJECT). */
  knownSubjects?: KnownSubjectIndex;
  settings?: Partial<PrivacySettings>;
}

/** See the module comment. */
export interface PrivacyRuntime {
  vault: Vault;
  /** Where the master key came from. */
  keySource: 'env' | 'file' | 'created' | 'override';
  settings: PrivacySettings;
  channelClassOf: ChannelClassOf;
  /**
   * The known-subject index the analyzer consults (exact-data match → KNOWN_SUBJECT), when one was
   * given; values registered into it later (cases issue: intake) take effect at once.
   */
  knownSubjects: KnownSubjectIndex | undefined;
  /** The analyzer every path uses (guard, composer preview, marks); `explain` adds explanations. */
  analyze(text: string, opts?: { explain?: boolean }): Finding[];
  /** The default message guard (mention-aware {@link PrivacyGuard}). */
  guard: MessageGuard;
  /** The inner guard, for `settled()` (deferred block audit events). */
  privacyGuard: PrivacyGuard;
  revealRateLimit: RevealRateLimit;
  /** Composer previews per user. */
  analyzeLimiter: RateLimiter;
}

/**
 * Builds the runtime. Throws `MasterKeyError` (bad key, key file readable by group/others: the
 * message says so and names the file, never the key) and `ConfigError` (bad environment value).
 */
export function buildPrivacyRuntime(
  config: Pick<Config, 'masterKey' | 'masterKeyFile'>,
  db: Kysely<Database>,
  opts: { overrides?: PrivacyOverrides; onAuditError?: (err: unknown) => void; env?: NodeJS.ProcessEnv } = {},
): PrivacyRuntime {
  const o = opts.overrides ?? {};
  const settings: PrivacySettings = { ...loadPrivacySettings(opts.env), ...o.settings };
  setPresenterBroadThreshold(settings.broadThreshold);
  const made = o.vault ? { vault: o.vault, source: 'override' as const } : createVaultFromConfig(config);
  const channelClassOf = o.channelClassOf ?? channelClassFromChat({ broadThreshold: settings.broadThreshold });
  // The cases domain installs or swaps the index later (`knownSubjects` is read on every call).
  const holder: { knownSubjects: KnownSubjectIndex | undefined } = { knownSubjects: o.knownSubjects };
  const analyze = (text: string, a: { explain?: boolean } = {}): Finding[] => {
    const known = holder.knownSubjects;
    return analyzeText(text, { ...(known ? { knownSubjects: known } : {}), ...(a.explain ? { explain: true } : {}) });
  };
  const privacyGuard = new PrivacyGuard({
    vault: made.vault,
    channelClassOf,
    auditDb: db,
    analyze: mentionAwareAnalyzer((text) => analyze(text)),
    onAuditError: opts.onAuditError,
  });
  return {
    vault: made.vault,
    keySource: made.source,
    settings,
    channelClassOf,
    get knownSubjects() {
      return holder.knownSubjects;
    },
    set knownSubjects(idx: KnownSubjectIndex | undefined) {
      holder.knownSubjects = idx;
    },
    analyze,
    guard: new MentionAwareGuard(privacyGuard),
    privacyGuard,
    revealRateLimit: { max: settings.revealMax, windowMs: settings.revealWindowMs },
    analyzeLimiter: new RateLimiter(settings.analyzeMax, settings.analyzeWindowMs),
  };
}
