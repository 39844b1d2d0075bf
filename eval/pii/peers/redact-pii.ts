/**
 * Adapter for `redact-pii` (npm, MIT): `new SyncRedactor().redact(text)` returns only the
 * redacted text, every finding replaced by its rule's placeholder (`PERSON_NAME`,
 * `PHONE_NUMBER`, …; the per-rule `replaceWith` option is ignored by its composition code, so
 * the defaults are used). Spans are recovered by alignment (`align.ts`).
 */
import { SyncRedactor } from 'redact-pii';
import { REDACT_PII_MAP } from '../entity-map.ts';
import { alignedSystem, type AlignStats } from './aligned-system.ts';

export type { AlignStats } from './aligned-system.ts';

/** Builds the redact-pii system with default built-in rules. */
export function redactPiiSystem(stats: AlignStats = { alignFailures: 0 }): ReturnType<typeof alignedSystem> {
  const redactor = new SyncRedactor();
  return alignedSystem('redact-pii', REDACT_PII_MAP, (text) => redactor.redact(text), stats);
}
