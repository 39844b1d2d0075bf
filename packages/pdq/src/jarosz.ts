/**
 * Downsampling of a luminance plane to 64×64 the way PDQ does it: a tent filter made of two X-then-Y
 * passes of a 1-D box filter (W. Jarosz, "Fast Image Convolutions", SIGGRAPH 2001), then decimation
 * at the centres of a 64×64 grid.
 *
 * Source of the description: facebook/ThreatExchange `hashing/hashing.pdf` ("PDQ" section) and the
 * comments of `pdq/cpp/downscaling/downscaling.cpp` (commit baefb4ed67b6cdc1d4c82dbaef858d50866ac424):
 * window size per pass = ceil(dimension / 128); each output sample is the mean of the inputs in a
 * window of that size around it (for an even window one more on the right), truncated at the
 * borders (the mean is then over the samples that exist).
 */

/** Box-filter window (samples) for a dimension of `length` samples downsampled to `target` (PDQ: 64). */
export function jaroszWindowSize(length: number, target = 64): number {
  return Math.floor((length + 2 * target - 1) / (2 * target));
}

/**
 * One 1-D box-filter pass over `length` samples of `input` starting at `offset` with `stride`,
 * written to `output` at the same positions. Running sum: O(length) whatever the window.
 */
function box1d(input: Float64Array, output: Float64Array, offset: number, length: number, stride: number, window: number): void {
  const left = window - Math.floor((window + 2) / 2); // samples before the centre
  const right = window - 1 - left; // samples after the centre
  let sum = 0;
  let lo = 0; // first index inside the window
  let hi = -1; // last index inside the window
  for (let k = 0; k < length; k++) {
    const wantHi = Math.min(length - 1, k + right);
    while (hi < wantHi) sum += input[offset + ++hi * stride] as number;
    const wantLo = Math.max(0, k - left);
    while (lo < wantLo) sum -= input[offset + lo++ * stride] as number;
    output[offset + k * stride] = sum / (hi - lo + 1);
  }
}

/**
 * Two X-then-Y box passes over a `rows`×`cols` row-major plane in `a` (result left in `a`; `b` is
 * scratch of the same size). Windows: along each row `ceil(cols/128)`, along each column `ceil(rows/128)`.
 */
export function jaroszFilter(a: Float64Array, b: Float64Array, rows: number, cols: number, passes = 2): void {
  const wRow = jaroszWindowSize(cols);
  const wCol = jaroszWindowSize(rows);
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < rows; i++) box1d(a, b, i * cols, cols, 1, wRow);
    for (let j = 0; j < cols; j++) box1d(b, a, j, rows, cols, wCol);
  }
}

/** Samples a `rows`×`cols` plane at the centres of an `outRows`×`outCols` grid (nearest sample). */
export function decimate(plane: Float64Array, rows: number, cols: number, outRows = 64, outCols = 64): Float64Array {
  const out = new Float64Array(outRows * outCols);
  for (let i = 0; i < outRows; i++) {
    const si = Math.floor(((i + 0.5) * rows) / outRows);
    for (let j = 0; j < outCols; j++) {
      const sj = Math.floor(((j + 0.5) * cols) / outCols);
      out[i * outCols + j] = plane[si * cols + sj] as number;
    }
  }
  return out;
}
