/**
 * The privacy runtime of one server process, built once by `buildContext`: the vault (master key
 * from `ENCLAVE_MASTER_KEY` or the 0600 key file), the channel-class lookup, the analyzer (with
 * the known-subject index when one is given), the message guard, rate limits, and the WAL
 * maintenance timer.
 */
import type { Kysely } from 'kysely';
import { analyze as analyzeText, analyzeAsShown, type Finding, type KnownSubjectIndex } from '@enclave/pii';
import type { Config } from '../../config/index.ts';
import type { Database } from '../../db/schema/index.ts';
import { memoryCounters, type SharedLimiter } from '../../ops/shared-counters.ts';
import type { Metrics } from '../../ops/metrics.ts';
import type { MessageGuard } from '../chat/guard.ts';
import { PrivacyGuard, channelClassFromChat, type ChannelClassOf, type RevealRateLimit } from './index.ts';
import { createVaultFromConfig, type Vault } from '../vault/index.ts';
import { StaffAwareGuard } from './staff-aware-guard.ts';
import type { GuardAnalyzeOptions } from './guard.ts';
import { caseRoomSubjects } from '../cases/need-to-know.ts';
import { StaffNameIndex, withoutStaffNames } from './staff-names.ts';
import { ConversationMemories } from './conversation-memory.ts';
import { SharedConversationMemory, type SharedMemoryOptions } from './conversation-memory-shared.ts';
import { GuardCache } from './guard-cache.ts';
import { loadPrivacySettings, setPresenterBroadThreshold, type PrivacySettings } from './settings.ts';

/** What tests (and later issues) may replace. */
export interface PrivacyOverrides {
  vault?: Vault;
  channelClassOf?: ChannelClassOf;
  /** Known data subjects' values (exact-data match, reported as KNOWN_SUBJECT). */
  knownSubjects?: KnownSubjectIndex;
  settings?: Partial<PrivacySettings>;
  /** How often (ms) the staff-name index checks the users table for changes (default 2,000). */
  staffNameCheckMs?: number;
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
  /**
   * Per-channel conversation memories of the guard (found names/places as keyed hashes, bounded);
   * clear a channel's with its erasure.
   */
  conversationMemories: ConversationMemories;
  /**
   * Shares the conversation memories with the other nodes through Redis (see
   * `conversation-memory-shared.ts`): from now on the guard reads and feeds the shared memory. Returns
   * it (`close()` it before the connections), or `undefined` when the master key cannot derive the
   * shared HMAC key (a KMS without `derive`: each node keeps its own memory). Rejects when Redis
   * does not answer the subscription.
   */
  shareConversationMemory(redis: Pick<SharedMemoryOptions, 'pub' | 'sub' | 'onFault'>): Promise<SharedConversationMemory | undefined>;
  /** The analyzer every path uses (guard, composer preview, marks); `explain` adds explanations. */
  analyze(text: string, opts?: { explain?: boolean }): Finding[];
  /** Names and @handles of active staff: exempt from protection (issue 7 item 10). */
  staffNames: StaffNameIndex;
  /**
   * The analyzer with the staff exemption applied (what the guard sees): for the composer preview
   * and marks. `db` is the caller's handle.
   */
  analyzeExempt(db: Kysely<Database>, text: string, opts?: { explain?: boolean }): Promise<Finding[]>;
  /** The default message guard (staff-aware {@link PrivacyGuard}). */
  guard: MessageGuard;
  /** The inner guard, for `settled()` (deferred block audit events). */
  privacyGuard: PrivacyGuard;
  /**
   * The guard's per-process cache of channel classes, policies, marks and data keys (see
   * `guard-cache.ts`); absent when `channelClassOf` is overridden (a lookup not over the database).
   */
  guardCache: GuardCache | undefined;
  revealRateLimit: RevealRateLimit;
  /** Composer previews per user. */
  analyzeLimiter: SharedLimiter;
}

/**
 * Builds the runtime. Throws `MasterKeyError` (bad key, key file readable by group/others: the
 * message says so and names the file, never the key) and `ConfigError` (bad environment value).
 */
export function buildPrivacyRuntime(
  config: Pick<Config, 'masterKey' | 'masterKeyFile'>,
  db: Kysely<Database>,
  opts: {
    overrides?: PrivacyOverrides;
    onAuditError?: (err: unknown) => void;
    env?: NodeJS.ProcessEnv;
    /** Analyzer timing and guard decisions for `/metrics` (types and actions only). */
    metrics?: Pick<Metrics, 'timeAnalyzer' | 'observeGuard'>;
  } = {},
): PrivacyRuntime {
  const o = opts.overrides ?? {};
  const settings: PrivacySettings = { ...loadPrivacySettings(opts.env), ...o.settings };
  setPresenterBroadThreshold(settings.broadThreshold);
  const made = o.vault ? { vault: o.vault, source: 'override' as const } : createVaultFromConfig(config);
  const channelClassOf = o.channelClassOf ?? channelClassFromChat({ broadThreshold: settings.broadThreshold });
  // The cases domain installs or swaps the index later (`knownSubjects` is read on every call).
  const holder: { knownSubjects: KnownSubjectIndex | undefined } = { knownSubjects: o.knownSubjects };
  const timed = <T>(fn: () => T): T => (opts.metrics ? opts.metrics.timeAnalyzer(fn) : fn());
  const analyze = (text: string, a: { explain?: boolean } = {}): Finding[] => {
    const known = holder.knownSubjects;
    return timed(() => analyzeText(text, { ...(known ? { knownSubjects: known } : {}), ...(a.explain ? { explain: true } : {}) }));
  };
  const staffNames = new StaffNameIndex({ checkEveryMs: o.staffNameCheckMs });
  const isKnownValue = (value: string): boolean => {
    const known = holder.knownSubjects;
    return known ? known.match(value).length > 0 : false;
  };
  const memory: { local: ConversationMemories; shared: SharedConversationMemory | undefined } = { local: new ConversationMemories(), shared: undefined };
  const guardCache = o.channelClassOf ? undefined : new GuardCache();
  // the guard alone reads and feeds the channel's conversation memory (previews and marks do not)
  const guardAnalyze = (text: string, channelId?: string, a: GuardAnalyzeOptions = {}): Finding[] => {
    const known = holder.knownSubjects;
    return timed(() =>
      analyzeText(text, {
        ...(known ? { knownSubjects: known, ...(a.supportingSubjects ? { supportingSubjects: a.supportingSubjects } : {}) } : {}),
        ...(channelId !== undefined ? { conversationMemory: memory.local.forChannel(channelId) } : {}),
      }),
    );
  };
  const privacyGuard = new PrivacyGuard({
    vault: made.vault,
    channelClassOf,
    auditDb: db,
    analyze: guardAnalyze,
    roomSubjects: caseRoomSubjects,
    onAuditError: opts.onAuditError,
    onDecisions: opts.metrics ? (d) => opts.metrics?.observeGuard(d) : undefined,
    ...(guardCache ? { cache: guardCache } : {}),
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
    get conversationMemories() {
      return memory.local;
    },
    async shareConversationMemory(redis) {
      const key = made.vault.keys.current.derive?.('conversation-memory-v1');
      if (!key) return undefined;
      const shared = new SharedConversationMemory({ ...redis, key });
      await shared.start();
      memory.shared = shared;
      memory.local = shared.memories;
      return shared;
    },
    analyze,
    staffNames,
    // as shown, like the guard: the composer preview and marks agree with what the guard decides
    analyzeExempt: async (h, text, a = {}) => withoutStaffNames(analyzeAsShown(text, (t) => analyze(t, a)), text, await staffNames.current(h), isKnownValue),
    guard: new StaffAwareGuard(privacyGuard, { staffNames, isKnownValue, prepare: (channelId) => memory.shared?.prepare(channelId) }),
    privacyGuard,
    guardCache,
    revealRateLimit: { max: settings.revealMax, windowMs: settings.revealWindowMs },
    analyzeLimiter: memoryCounters.limiter('analyze', settings.analyzeMax, settings.analyzeWindowMs),
  };
}
