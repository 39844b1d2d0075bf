/**
 * A plain, straightforward PDQ written directly from the published description
 * (facebook/ThreatExchange `hashing/hashing.pdf`, `pdq/README.md`), for `bench:media` to compare
 * speed and results with `@enclave/pdq`: nested arrays, each box-filter output summed over its
 * whole window, a textbook matrix product for the DCT, a sorted copy for the median. Not used by
 * the product.
 */

/** PDQ of interleaved 8-bit pixels (`channels` per pixel; ≥ 3 → RGB, else grey). */
export function referencePdq(data: Uint8Array, width: number, height: number, channels: number): { hash: string; quality: number } {
  if (width < 5 || height < 5) return { hash: '0'.repeat(64), quality: 0 };
  // 1. luminance
  let img: number[][] = [];
  for (let y = 0; y < height; y++) {
    const row: number[] = [];
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * channels;
      row.push(channels >= 3 ? 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number) : (data[p] as number));
    }
    img.push(row);
  }
  // 2. two X-then-Y passes of a box filter, window ⌈n/128⌉, truncated at the borders
  const box = (v: number[], w: number): number[] => {
    const before = w - Math.floor((w + 2) / 2);
    const after = w - 1 - before;
    return v.map((_, k) => {
      let sum = 0;
      let n = 0;
      for (let i = Math.max(0, k - before); i <= Math.min(v.length - 1, k + after); i++) {
        sum += v[i] as number;
        n++;
      }
      return sum / n;
    });
  };
  const wx = Math.floor((width + 127) / 128);
  const wy = Math.floor((height + 127) / 128);
  for (let pass = 0; pass < 2; pass++) {
    img = img.map((row) => box(row, wx));
    const cols = Array.from({ length: width }, (_, x) => box(img.map((row) => row[x] as number), wy));
    img = img.map((_, y) => cols.map((col) => col[y] as number));
  }
  // 3. decimate to 64×64 at the cell centres
  const a: number[][] = Array.from({ length: 64 }, (_, i) => Array.from({ length: 64 }, (_, j) => img[Math.floor(((i + 0.5) * height) / 64)]?.[Math.floor(((j + 0.5) * width) / 64)] as number));
  // 4. quality from the gradient sum
  let grad = 0;
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 64; j++) {
      if (i < 63) grad += Math.abs(Math.trunc((((a[i]?.[j] as number) - (a[i + 1]?.[j] as number)) * 100) / 255));
      if (j < 63) grad += Math.abs(Math.trunc((((a[i]?.[j] as number) - (a[i]?.[j + 1] as number)) * 100) / 255));
    }
  }
  const quality = Math.min(100, Math.floor(grad / 90));
  // 5. DCT: B = D A Dᵀ, D[u][n] = √(2/64) cos(π/128 (u+1)(2n+1)), u < 16
  const d = Array.from({ length: 16 }, (_, u) => Array.from({ length: 64 }, (_, n) => Math.sqrt(2 / 64) * Math.cos((Math.PI / 128) * (u + 1) * (2 * n + 1))));
  const b: number[] = [];
  for (let u = 0; u < 16; u++) {
    for (let v = 0; v < 16; v++) {
      let sum = 0;
      for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) sum += (d[u]?.[y] as number) * (a[y]?.[x] as number) * (d[v]?.[x] as number);
      b.push(sum);
    }
  }
  // 6. one bit per coefficient above the lower median; bit k in word k>>4, words printed 15..0
  const median = [...b].sort((p, q) => p - q)[127] as number;
  let hex = '';
  for (let word = 15; word >= 0; word--) {
    let w = 0;
    for (let bit = 0; bit < 16; bit++) if ((b[word * 16 + bit] as number) > median) w |= 1 << bit;
    hex += w.toString(16).padStart(4, '0');
  }
  return { hash: hex, quality };
}
