/**
 * Averaged perceptron over a hashed weight table (Collins 2002, https://aclanthology.org/W02-1001/;
 * averaging with the "lazy" trick of Daumé III, "A Course in Machine Learning", §4.6).
 * Used only at training time; run time reads the averaged Float32 weights.
 */
import { N_TAGS } from '../features.ts';

/** Trainer state: current weights and the time-weighted sum of updates. */
export class AveragedPerceptron {
  readonly bits: number;
  readonly w: Float64Array;
  private readonly u: Float64Array;
  private c = 1;

  constructor(bits: number) {
    this.bits = bits;
    this.w = new Float64Array((1 << bits) * N_TAGS);
    this.u = new Float64Array((1 << bits) * N_TAGS);
  }

  /** Moves weights toward `truth` and away from `guess` for the `k` features in `feats`. */
  update(feats: Uint32Array, k: number, truth: number, guess: number): void {
    const mask = (1 << this.bits) - 1;
    for (let j = 0; j < k; j++) {
      const r = (feats[j]! & mask) * N_TAGS;
      this.w[r + truth]! += 1;
      this.u[r + truth]! += this.c;
      this.w[r + guess]! -= 1;
      this.u[r + guess]! -= this.c;
    }
  }

  /** Advances the example counter (call once per token seen). */
  tick(): void {
    this.c++;
  }

  /** Averaged weights as float32. */
  averaged(): Float32Array {
    const out = new Float32Array(this.w.length);
    for (let i = 0; i < out.length; i++) out[i] = this.w[i]! - this.u[i]! / this.c;
    return out;
  }
}
