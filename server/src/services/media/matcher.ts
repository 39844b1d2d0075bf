/**
 * Hash-list matching as the media pipeline needs it. The hash-list domain
 * (`services/hashlists/`, another part of issue 11) supplies the real {@link MediaMatcher} and the
 * PDQ {@link PdqHasher}; until they are wired, the defaults match nothing and compute no PDQ hash.
 */

/** The hashes of one image: hex digests of the original bytes and the PDQ hash of the displayed image. */
export interface MediaHashes {
  sha256: string;
  md5: string;
  /** 64 hex digits, or null when no PDQ hasher is configured. */
  pdq: string | null;
}

/** A hash-list hit: which list, which signal type, and the PDQ Hamming distance (0 for exact digests). */
export interface Match {
  listId: string;
  signalType: 'pdq' | 'md5' | 'sha256';
  distance: number;
}

/** Looks hashes up in the imported hash lists. */
export interface MediaMatcher {
  match(hashes: MediaHashes): Promise<Match[]>;
}

/** PDQ of an image's pixels (already oriented): 64 hex digits and a quality 0–100. */
export type PdqHasher = (image: Buffer) => Promise<{ hash: string; quality: number }>;

/** The default matcher: no lists, no matches. */
export const noMatches: MediaMatcher = { match: async () => [] };

/** Bits that differ between two equally long hex strings. */
export function hexHamming(a: string, b: string): number {
  if (a.length !== b.length) throw new RangeError('hashes differ in length');
  let d = 0;
  for (let i = 0; i < a.length; i += 1) {
    let x = parseInt(a[i] as string, 16) ^ parseInt(b[i] as string, 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

/** One list entry: a signal of one type. */
export interface ListEntry {
  signalType: 'pdq' | 'md5' | 'sha256';
  signal: string;
}

/**
 * An in-memory {@link MediaMatcher} over one list (linear scan; for small lists and tests):
 * exact digests, PDQ within `pdqThreshold` bits (default 31).
 */
export function listMatcher(listId: string, entries: readonly ListEntry[], pdqThreshold = 31): MediaMatcher {
  return {
    async match(h) {
      const out: Match[] = [];
      for (const e of entries) {
        const sig = e.signal.toLowerCase();
        if (e.signalType === 'pdq' && h.pdq) {
          const distance = hexHamming(sig, h.pdq);
          if (distance <= pdqThreshold) out.push({ listId, signalType: 'pdq', distance });
        } else if ((e.signalType === 'md5' && sig === h.md5) || (e.signalType === 'sha256' && sig === h.sha256)) {
          out.push({ listId, signalType: e.signalType, distance: 0 });
        }
      }
      return out;
    },
  };
}
