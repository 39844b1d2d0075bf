/**
 * Conflict strategy: turns overlapping candidate findings into a sorted, non-overlapping list.
 *
 * Candidates are ranked by (1) score, higher first; (2) span length, longer first; (3) a fixed type
 * priority ({@link TYPE_PRIORITY}: KNOWN_SUBJECT first, then validated/structured types before
 * free-text ones); (4) start offset, earlier first; (5) recognizer name. Walking that order, a
 * candidate is kept when it overlaps no kept one — so a contained or partly overlapping lower-ranked
 * finding is dropped. The result is sorted by start offset. Deterministic for any input order.
 *
 * One exception keeps every part of a value protected: a structured finding (any type but the
 * free-text {@link FREE_TEXT} ones) that contains every kept finding it overlaps, all of them
 * free-text (a USERNAME "Unit" inside "Unit 0822 Box 8858 DPO AA 13319", a LOCATION inside a street
 * address), replaces them — otherwise the rest of the structured value would be left raw.
 * O(k log k) for k candidates (plus the replaced ones).
 */
import type { EntityType, Finding } from './types.ts';

/** Tie-break order between types (earlier wins). */
export const TYPE_PRIORITY: readonly EntityType[] = [
  'KNOWN_SUBJECT', 'EMAIL_ADDRESS', 'IBAN_CODE', 'CREDIT_CARD', 'DEVICE_ID', 'US_SSN', 'IP_ADDRESS',
  'MAC_ADDRESS', 'PHONE_NUMBER', 'URL', 'US_PASSPORT', 'PASSPORT', 'US_DRIVER_LICENSE', 'DATE_OF_BIRTH',
  'GEO_COORDINATES', 'STREET_ADDRESS', 'USERNAME', 'PERSON', 'LOCATION',
];
const RANK = new Map<EntityType, number>(TYPE_PRIORITY.map((t, i) => [t, i]));
/** Types found in free text by a tagger or a word list, which a containing structured value replaces. */
export const FREE_TEXT: ReadonlySet<EntityType> = new Set<EntityType>(['PERSON', 'LOCATION', 'USERNAME']);

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
      // kept[lo, hi) overlap f; f replaces them when it contains them all and they are all free text
      let hi2 = lo;
      let replace = !FREE_TEXT.has(f.entityType);
      while (replace && hi2 < kept.length && kept[hi2]!.start < f.end) {
        const k = kept[hi2]!;
        replace = FREE_TEXT.has(k.entityType) && k.start >= f.start && k.end <= f.end;
        hi2++;
      }
      if (!replace) {
        onDrop?.(f, other);
        continue;
      }
      for (const k of kept.splice(lo, hi2 - lo, f)) onDrop?.(k, f);
      continue;
    }
    kept.splice(lo, 0, f);
  }
  return kept;
}
