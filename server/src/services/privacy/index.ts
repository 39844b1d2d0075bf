/**
 * Privacy service: the message guard (analyze → policy → block/tokenize), the policy table,
 * "not personal data" marks and reveal decisions.
 */
export { PrivacyGuard, blockHint, placeholderFor, type BlockedFinding, type PrivacyGuardDeps } from './guard.ts';
export {
  CHANNEL_CLASSES,
  POLICY_ACTIONS,
  defaultPolicy,
  getPolicy,
  listPolicyOverrides,
  loadPolicies,
  setPolicy,
  type ChannelClass,
  type ChannelClassOf,
  type PolicyAction,
  type PolicyTable,
} from './policy.ts';
export { DEFAULT_BROAD_THRESHOLD, channelClassFromChat } from './channel-class.ts';
export {
  HARD_IDENTIFIER_TYPES,
  activeMarkHashes,
  decideMark,
  listMarks,
  markMayApply,
  markNotPersonalData,
  revokeMark,
  type MarkStatus,
  type NotPersonalDataMark,
  type RevokedMark,
} from './marks.ts';
export {
  DEFAULT_REVEAL_RATE_LIMIT,
  MIN_JUSTIFICATION,
  revealToken,
  type RevealDeps,
  type RevealGranted,
  type RevealRateLimit,
  type RevealRequest,
} from './reveal.ts';
