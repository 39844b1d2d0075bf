/**
 * Adapter for `@redactpii/node` (npm, MIT): `new Redactor().redact(text)` returns only the
 * redacted text with fixed placeholders (`PERSON_NAME`, `EMAIL_ADDRESS`, `PHONE_NUMBER`,
 * `CREDIT_CARD_NUMBER`, `US_SOCIAL_SECURITY_NUMBER`). Spans are recovered by alignment
 * (`align.ts`). Its NAME rule replaces the greeting too ("Hi David Johnson" → "PERSON_NAME"),
 * so its PERSON spans include the greeting: that costs it exact matches, not overlap ones.
 */
import { Redactor } from '@redactpii/node';
import { REDACTPII_NODE_MAP } from '../entity-map.ts';
import { alignedSystem, type AlignStats } from './aligned-system.ts';

/** Builds the @redactpii/node system with its default rules (no API key: no network). */
export function redactpiiNodeSystem(stats: AlignStats = { alignFailures: 0 }): ReturnType<typeof alignedSystem> {
  const redactor = new Redactor();
  return alignedSystem('@redactpii/node', REDACTPII_NODE_MAP, (text) => redactor.redact(text), stats);
}
