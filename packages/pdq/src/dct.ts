/**
 * The part of the 2-D DCT-II of a 64×64 block that PDQ keeps: frequencies 1..16 in each direction
 * (the DC row and column are dropped), computed as B = D·A·Dᵀ with the 16×64 matrix
 * D[i][j] = √(2/64)·cos(π/128 · (i+1) · (2j+1)) (C. Zauner, "Implementation and Benchmarking of
 * Perceptual Image Hash Functions", 2010, as used by PDQ; facebook/ThreatExchange `hashing/hashing.pdf`).
 */

/** D, 16 rows × 64 columns, row-major. */
export const DCT_MATRIX: Float64Array = (() => {
  const d = new Float64Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) d[i * 64 + j] = scale * Math.cos((Math.PI / 128) * (i + 1) * (2 * j + 1));
  }
  return d;
})();

/** B = D·A·Dᵀ for a 64×64 row-major block `a`; returns 16×16 row-major (row = vertical frequency). */
export function dct64To16(a: Float64Array): Float64Array {
  const d = DCT_MATRIX;
  const t = new Float64Array(16 * 64); // T = D·A
  for (let i = 0; i < 16; i++) {
    const di = i * 64;
    for (let k = 0; k < 64; k++) {
      const dik = d[di + k] as number;
      const ak = k * 64;
      const ti = i * 64;
      for (let j = 0; j < 64; j++) t[ti + j] = (t[ti + j] as number) + dik * (a[ak + j] as number);
    }
  }
  const b = new Float64Array(16 * 16); // B = T·Dᵀ
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let sum = 0;
      const ti = i * 64;
      const dj = j * 64;
      for (let k = 0; k < 64; k++) sum += (t[ti + k] as number) * (d[dj + k] as number);
      b[i * 16 + j] = sum;
    }
  }
  return b;
}
