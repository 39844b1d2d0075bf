/**
 * A peer that only returns redacted text (no spans) as a scored {@link System}: spans are recovered
 * by aligning the redacted output with the input (see `align.ts`).
 */
import { supportedTypes } from '../entity-map.ts';
import type { EntityType } from '@enclave/pii';
import type { Span, System } from '../types.ts';
import { makeAligner } from './align.ts';

/** Counters the report prints (alignment failures are findings we could not place). */
export interface AlignStats {
  alignFailures: number;
}

/**
 * Builds the system named `name` around `redact` (input text → redacted text), mapping the peer's
 * placeholder types with `map` (one of the tables in `entity-map.ts`).
 */
export function alignedSystem(
  name: string,
  map: Readonly<Record<string, EntityType | null>>,
  redact: (text: string) => string,
  stats: AlignStats = { alignFailures: 0 },
): System & { stats: AlignStats; raw: (t: string) => string } {
  const align = makeAligner(map);
  return {
    name,
    stats,
    supports: supportedTypes(map),
    raw: redact,
    detect(text): Span[] {
      const spans = align(text, redact(text));
      if (!spans) {
        stats.alignFailures++;
        return [];
      }
      return spans;
    },
  };
}
