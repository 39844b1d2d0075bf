/**
 * Adapter for `@openredaction/openredaction` (npm, MIT): `new OpenRedaction().detect(text)`
 * returns `detections[]` with `type` and `position: [start, end]` (UTF-16, end-exclusive —
 * checked: `text.slice(start, end) === value`). Types are mapped by `OPENREDACTION_MAP`;
 * unmapped types (licence plates, order numbers, …) are dropped and counted.
 */
import { OpenRedaction } from '@openredaction/openredaction';
import { OPENREDACTION_MAP, supportedTypes } from '../entity-map.ts';
import type { Span, System } from '../types.ts';

/** Counts of openredaction types seen that have no equivalent of ours. */
export interface UnmappedStats {
  unmapped: Map<string, number>;
}

/** Builds the openredaction system with its defaults. */
export function openRedactionSystem(
  stats: UnmappedStats = { unmapped: new Map() },
): System & { stats: UnmappedStats; raw: (t: string) => unknown } {
  const shield = new OpenRedaction();
  return {
    name: 'openredaction',
    stats,
    supports: supportedTypes(OPENREDACTION_MAP),
    raw: (text) => shield.detect(text),
    detect(text): Span[] {
      const out: Span[] = [];
      for (const d of shield.detect(text).detections) {
        const type = OPENREDACTION_MAP[d.type];
        if (!type) {
          stats.unmapped.set(d.type, (stats.unmapped.get(d.type) ?? 0) + 1);
          continue;
        }
        out.push({ type, start: d.position[0], end: d.position[1] });
      }
      return out;
    },
  };
}
