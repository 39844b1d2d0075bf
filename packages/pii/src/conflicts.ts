/**
 * Conflict strategy: turns overlapping candidate findings into a sorted, non-overlapping list.
 *
 * Candidates are ranked by (1) score, higher first; (2) span length, longer first; (3) a fixed type
 * priority ({@link TYPE_PRIORITY}: KNOWN_SUBJECT first, then validated/structured types before
 * free-text ones); (4) start offset, earlier first; (5) recognizer name. Walking that order, a
 * candidate is kept when it overlaps no kept one — so a contained or partly overlapping lower-ranked
 * finding is dropped. The result is sorted by start offset. Deterministic for any input order.
 * O(k log k) for k candidates.
 */
import type { EntityType, Finding } from './types.ts';

/** Tie-break order between types (earlier wins). */
export const TYPE_PRIORITY: readonly EntityType[] = [
  'KNOWN_SUBJECT', 'EMAIL_ADDRESS', 'IBAN_CODE', 'CREDIT_CARD', 'DEVICE_ID', 'US_SSN', 'IP_ADDRESS',
  'MAC_ADDRESS', 'PHONE_NUMBER', 'URL', 'US_PASSPORT', 'PASSPORT', 'US_DRIVER_LICENSE', 'DATE_OF_BIRTH',
  'GEO_COORDINATES', 'STREET_ADDRESS', 'USERNAME', 'PERSON', 'LOCATION',
];
const RANK = new Map<EntityType, number>(TYPE_PRIORITY.map((t, i) => [t, i]));

function compare(a: Finding, b: Finding): number {
  return (
    b.score - a.score ||
    b.end - b.start - (a.end - a.start) ||
    (RANK.get(a.entityType) ?? 99) - (RANK.get(b.entityType) ?? 99) ||
    a.start - b.start ||
    (a.recognizer < b.recognizer ? -1 : a.recognizer > b.recognizer ? 1 : 0)
  );
}

/** Resolves overlaps; returns kept findings sorted by `start`. `onDrop` hears each dropped one. */
export function resolveConflicts(candidates: readonly Finding[], onDrop?: (dropped: Finding, winner: Finding) => void): Finding[] {
  if (candidates.length <= 1) return candidates.slice();
  const ranked = candidates.slice().sort(compare);
  const kept: Finding[] = []; // sorted by start, non-overlapping
  for (const f of ranked) {
    // binary search: first kept with end > f.start
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.end <= f.start) lo = mid + 1;
      else hi = mid;
    }
    const other = kept[lo];
    if (other !== undefined && other.start < f.end) {
      onDrop?.(f, other);
      continue;
    }
    kept.splice(lo, 0, f);
  }
  return kept;
}
