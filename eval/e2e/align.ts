/**
 * Maps a stored (protected) message back onto the text that was posted, and scores it.
 *
 * The server stores `posted` with some spans replaced by placeholders; `entities` give each
 * placeholder's span in the stored text. Between placeholders the stored text is a verbatim copy
 * of the posted text, so the posted spans are found by matching those copies in order
 * ({@link alignStored}: depth-first over candidate positions, shortest values first, failed
 * states memoised, so O(segments × candidate positions)). All offsets UTF-16, end-exclusive.
 */
import type { Label } from './corpus.ts';

/** A placeholder span of the stored text (as in the API's `entities`). */
export interface StoredEntity {
  entityType: string;
  start: number;
  end: number;
}

/** A span of the posted text that the server replaced, with the placeholder's entity type. */
export interface Replaced {
  entityType: string;
  start: number;
  end: number;
}

/**
 * Finds the posted spans behind the placeholders. Returns `[]` when `stored === posted` and no
 * entities, `null` when the stored text cannot be produced from `posted` by replacing
 * non-empty spans (e.g. the server changed other characters).
 */
export function alignStored(posted: string, stored: string, entities: readonly StoredEntity[]): Replaced[] | null {
  const ents = [...entities].sort((a, b) => a.start - b.start);
  if (ents.length === 0) return stored === posted ? [] : null;
  const segs: string[] = [stored.slice(0, (ents[0] as StoredEntity).start)];
  for (let k = 0; k < ents.length; k++) segs.push(stored.slice((ents[k] as StoredEntity).end, ents[k + 1]?.start ?? stored.length));
  const first = segs[0] as string;
  const last = segs[segs.length - 1] as string;
  if (!posted.startsWith(first) || !posted.endsWith(last)) return null;
  const n = ents.length;
  const ends: number[] = new Array<number>(n);
  const failed = new Set<number>();
  // k: index of the entity whose value starts at s (the value ends where segs[k + 1] begins).
  const solve = (k: number, s: number): boolean => {
    const key = k * (posted.length + 1) + s;
    if (failed.has(key)) return false;
    const seg = segs[k + 1] as string;
    if (k === n - 1) {
      const p = posted.length - seg.length;
      if (p > s) {
        ends[k] = p;
        return true;
      }
      failed.add(key);
      return false;
    }
    for (let p = posted.indexOf(seg, s + 1); p >= 0 && p <= posted.length - last.length; p = posted.indexOf(seg, p + 1)) {
      if (solve(k + 1, p + seg.length)) {
        ends[k] = p;
        return true;
      }
    }
    failed.add(key);
    return false;
  };
  if (!solve(0, first.length)) return null;
  const out: Replaced[] = [];
  let s = first.length;
  for (let k = 0; k < n; k++) {
    const e = ends[k] as number;
    out.push({ entityType: (ents[k] as StoredEntity).entityType, start: s, end: e });
    s = e + (segs[k + 1] as string).length;
  }
  return out;
}

/** Per-character "replaced" mask of the posted text. */
export function coverMask(length: number, replaced: readonly Replaced[]): Uint8Array {
  const m = new Uint8Array(length);
  for (const r of replaced) m.fill(1, r.start, r.end);
  return m;
}

/** How much of a labeled value stayed raw: none, some word of it, or all of it. */
export type LabelOutcome = 'protected' | 'partial' | 'raw';

/** Outcome of one label: `raw` = no character replaced; `partial` = some letter or digit left raw. */
export function labelOutcome(text: string, mask: Uint8Array, l: Pick<Label, 'start' | 'end'>): LabelOutcome {
  let covered = 0;
  let rawAlnum = 0;
  for (let i = l.start; i < l.end; i++) {
    if (mask[i]) covered++;
    else if (/[\p{L}\p{N}]/u.test(text[i] as string)) rawAlnum++;
  }
  if (covered === 0) return 'raw';
  return rawAlnum === 0 ? 'protected' : 'partial';
}

/** Words (runs of letters, digits and combining marks) as UTF-16 spans. */
export function words(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/** Words outside every label, and those of them the server replaced (with the placeholder type). */
export function overProtection(
  text: string,
  labels: readonly Pick<Label, 'start' | 'end'>[],
  replaced: readonly Replaced[],
): { outside: number; replaced: number; byType: Record<string, number> } {
  const inLabel = new Uint8Array(text.length);
  for (const l of labels) inLabel.fill(1, l.start, l.end);
  let outside = 0;
  let hit = 0;
  const byType: Record<string, number> = {};
  for (const w of words(text)) {
    let labeled = false;
    for (let i = w.start; i < w.end && !labeled; i++) if (inLabel[i]) labeled = true;
    if (labeled) continue;
    outside++;
    const r = replaced.find((x) => x.start < w.end && x.end > w.start);
    if (r) {
      hit++;
      byType[r.entityType] = (byType[r.entityType] ?? 0) + 1;
    }
  }
  return { outside, replaced: hit, byType };
}
