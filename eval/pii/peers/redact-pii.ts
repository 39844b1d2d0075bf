/**
 * Adapter for `redact-pii` (npm, MIT): `new SyncRedactor().redact(text)` returns only the
 * redacted text, every finding replaced by its rule's placeholder (`PERSON_NAME`,
 * `PHONE_NUMBER`, …; the per-rule `replaceWith` option is ignored by its composition code, so
 * the defaults are used). Spans are recovered by alignment (`align.ts`).
 */
import { SyncRedactor } from 'redact-pii';
import { REDACT_PII_MAP, supportedTypes } from '../entity-map.ts';
import type { Span, System } from '../types.ts';
import { makeAligner } from './align.ts';

/** Counters the report prints (alignment failures are findings we could not place). */
export interface AlignStats {
  alignFailures: number;
}

/** Builds the redact-pii system with default built-in rules. */
export function redactPiiSystem(stats: AlignStats = { alignFailures: 0 }): System & { stats: AlignStats; raw: (t: string) => string } {
  const redactor = new SyncRedactor();
  const align = makeAligner(REDACT_PII_MAP);
  return {
    name: 'redact-pii',
    stats,
    supports: supportedTypes(REDACT_PII_MAP),
    raw: (text) => redactor.redact(text),
    detect(text): Span[] {
      const spans = align(text, redactor.redact(text));
      if (!spans) {
        stats.alignFailures++;
        return [];
      }
      return spans;
    },
  };
}
