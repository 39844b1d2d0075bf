/**
 * Synthetic message text for the history/search benchmark: deterministic (seeded PRNG
 * mulberry32, https://gist.github.com/tommyettinger/46a874533244883189143505d203312c),
 * pseudo-words with a log-uniform (Zipf-like, s≈1) rank distribution, plus one common and one
 * rare marker word whose occurrence counts are known exactly. No personal data.
 */

/** Seeded uniform PRNG in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ta', 'ri', 'su', 'po', 've', 'da', 'gu', 'bi', 'fe', 'ho', 'ju', 'ze', 'an', 'or', 'il', 'em'];

/** The frequent marker word (in about `commonRate` of messages). */
export const COMMON_WORD = 'review';
/** The rare marker word (in exactly `rareCount` messages). */
export const RARE_WORD = 'quokka';

/** `size` distinct pseudo-words of 2–4 syllables, none starting with a marker word. */
export function vocabulary(size: number, rand: () => number): string[] {
  const seen = new Set<string>();
  while (seen.size < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!w.startsWith(COMMON_WORD) && !w.startsWith(RARE_WORD)) seen.add(w);
  }
  return [...seen];
}

/** Generates message texts; `next(i, rare)` gives message `i`'s text (8–20 words). */
export class TextGenerator {
  private readonly rand: () => number;
  private readonly vocab: string[];
  private readonly logV: number;
  commonCount = 0;
  constructor(
    seed: number,
    private readonly commonRate = 0.08,
  ) {
    this.rand = mulberry32(seed);
    this.vocab = vocabulary(5000, this.rand);
    this.logV = Math.log(this.vocab.length);
  }
  /** Text of one message; `rare` puts the rare word in it. Counts messages holding the common word. */
  next(rare: boolean): string {
    const n = 8 + Math.floor(this.rand() * 13);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(this.vocab[Math.floor(Math.exp(this.rand() * this.logV)) - 1] as string);
    if (this.rand() < this.commonRate) words[Math.floor(this.rand() * n)] = COMMON_WORD;
    if (rare) words[Math.floor(this.rand() * n)] = RARE_WORD;
    if (words.includes(COMMON_WORD)) this.commonCount++;
    return words.join(' ');
  }
}
