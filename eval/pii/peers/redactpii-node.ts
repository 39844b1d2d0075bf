/**
 * Adapter for `@redactpii/node` (npm, MIT): `new Redactor().redact(text)` returns only the
 * redacted text with fixed placeholders (`PERSON_NAME`, `EMAIL_ADDRESS`, `PHONE_NUMBER`,
 * `CREDIT_CARD_NUMBER`, `US_SOCIAL_SECURITY_NUMBER`). Spans are recovered by alignment
 * (`align.ts`). Its NAME rule replaces the greeting too ("Hi David Johnson" → "PERSON_NAME"),
 * so its PERSON spans include the greeting: that costs it exact matches, not overlap ones.
 */
import { Redactor } from '@redactpii/node';
import { REDACTPII_NODE_MAP, supportedTypes } from '../entity-map.ts';
import type { Span, System } from '../types.ts';
import { makeAligner } from './align.ts';
import type { AlignStats } from './redact-pii.ts';

/** Builds the @redactpii/node system with its default rules (no API key: no network). */
export function redactpiiNodeSystem(stats: AlignStats = { alignFailures: 0 }): System & { stats: AlignStats; raw: (t: string) => string } {
  const redactor = new Redactor();
  const align = makeAligner(REDACTPII_NODE_MAP);
  return {
    name: '@redactpii/node',
    stats,
    supports: supportedTypes(REDACTPII_NODE_MAP),
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
