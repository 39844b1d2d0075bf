import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from './decode.ts';
import { hamming } from './hash256.ts';
import { pdqDihedralPixels, pdqHash, pdqHashPixels } from './pdq.ts';

/**
 * Known answers built from the published description alone (hashing.pdf / pdq README):
 * a 64×64 image is not blurred (window ⌈64/128⌉ = 1) nor moved by decimation, so its 16×16 PDQ
 * block is exactly the DCT-II coefficients (u,v = 1..16) we synthesise the image from.
 */
const S = Math.sqrt(2 / 64);
const basis = (u: number, n: number) => S * Math.cos((Math.PI / 128) * u * (2 * n + 1));

/** 64×64 grey RGB pixels with DCT coefficients `c[i][j]` (frequency i+1 down, j+1 across) around mid-grey. */
function imageFromCoefficients(c: number[][]): Uint8Array {
  const px = new Uint8Array(64 * 64 * 3);
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      let v = 128;
      for (let i = 0; i < 16; i++) for (let j = 0; j < 16; j++) v += (c[i]?.[j] ?? 0) * basis(i + 1, y) * basis(j + 1, x);
      const g = Math.max(0, Math.min(255, Math.round(v)));
      px.set([g, g, g], (y * 64 + x) * 3);
    }
  }
  return px;
}

/** The hash text of a set of bit positions, written from the published layout (not the package's helper). */
function expectedHex(set: Set<number>): string {
  let hex = '';
  for (let word = 15; word >= 0; word--) {
    let w = 0;
    for (let bit = 0; bit < 16; bit++) if (set.has(word * 16 + bit)) w |= 1 << bit;
    hex += w.toString(16).padStart(4, '0');
  }
  return hex;
}

/** A deterministic 128-of-256 subset. */
function subset(seed: number): Set<number> {
  const order = Array.from({ length: 256 }, (_, k) => k);
  let s = seed;
  for (let k = 255; k > 0; k--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s % (k + 1);
    [order[k], order[r]] = [order[r] as number, order[k] as number];
  }
  return new Set(order.slice(0, 128));
}

const coefficientsOf = (set: Set<number>) => Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => (set.has(i * 16 + j) ? 10 : -10)));

/** A "photo" with detail at every scale: a grid of random colour cells (hard edges), light noise; width × height RGB. */
function photo(width: number, height: number, seed: number): Uint8Array {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const cells = Array.from({ length: 13 * 11 }, () => [rnd() * 255, rnd() * 255, rnd() * 255]);
  const px = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const cell = cells[Math.floor((y * 11) / height) * 13 + Math.floor((x * 13) / width)] as number[];
      for (let ch = 0; ch < 3; ch++) px[(y * width + x) * 3 + ch] = Math.max(0, Math.min(255, Math.round((cell[ch] as number) + (rnd() - 0.5) * 6)));
    }
  }
  return px;
}
const raw = (data: Uint8Array, width: number, height: number) => sharp(data, { raw: { width, height, channels: 3 } });

describe('PDQ known answers from the published description', () => {
  it.each([1, 2, 3])('a 64×64 image made of chosen DCT coefficients hashes to exactly those bits (seed %i)', async (seed) => {
    const set = subset(seed);
    const px = imageFromCoefficients(coefficientsOf(set));
    expect(pdqHashPixels({ data: px, width: 64, height: 64, channels: 3 }).hash).toBe(expectedHex(set));
    // the same through PNG encoding and the decoder
    const png = await raw(px, 64, 64).png().toBuffer();
    expect((await pdqHash(png)).hash).toBe(expectedHex(set));
  });

  it('quality: a flat image is 0; one vertical step edge 0→200 on 64×64 is ⌊64·78/90⌋ = 55', () => {
    const flat = new Uint8Array(64 * 64 * 3).fill(90);
    expect(pdqHashPixels({ data: flat, width: 64, height: 64, channels: 3 }).quality).toBe(0);
    const edge = new Uint8Array(64 * 64);
    for (let y = 0; y < 64; y++) for (let x = 32; x < 64; x++) edge[y * 64 + x] = 200;
    expect(pdqHashPixels({ data: edge, width: 64, height: 64, channels: 1 }).quality).toBe(55);
    // vertical stripes 0/200 in every column pair: 64·63·78 / 90 → capped at 100
    const stripes = new Uint8Array(64 * 64);
    for (let y = 0; y < 64; y++) for (let x = 1; x < 64; x += 2) stripes[y * 64 + x] = 200;
    expect(pdqHashPixels({ data: stripes, width: 64, height: 64, channels: 1 }).quality).toBe(100);
  });

  it('images under 5 pixels on a side hash to all zeros with quality 0', () => {
    expect(pdqHashPixels({ data: new Uint8Array(4 * 100).fill(200), width: 100, height: 4, channels: 1 })).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('luma is 0.299 R + 0.587 G + 0.114 B: colours with the same luma give the same bits', () => {
    const set = subset(5);
    const grey = imageFromCoefficients(coefficientsOf(set));
    const colour = new Uint8Array(grey.length);
    for (let p = 0; p < 64 * 64; p++) {
      const g = grey[p * 3] as number;
      const r = Math.min(255, g + 40 * (p % 3));
      const b = Math.max(0, g - 50);
      colour.set([r, Math.round((g - 0.299 * r - 0.114 * b) / 0.587), b], p * 3);
    }
    expect(pdqHashPixels({ data: colour, width: 64, height: 64, channels: 3 }).hash).toBe(expectedHex(set));
  });
});

/** A greyscale PNG of `width` × `height` whose image data is one compressed row (a decompression bomb's header). */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(width + 1))), chunk('IEND', Buffer.alloc(0))]);
}

describe('PDQ on decoded images', () => {
  it('a re-encoded (JPEG q75, resized) copy stays close; a different image is far', async () => {
    const png = await raw(photo(640, 480, 5), 640, 480).png().toBuffer();
    const copy = await sharp(png).resize(500).jpeg({ quality: 75 }).toBuffer();
    const other = await raw(photo(640, 480, 9), 640, 480).png().toBuffer();
    const [a, b, c] = await Promise.all([pdqHash(png), pdqHash(copy), pdqHash(other)]);
    expect(hamming(a.hash, b.hash)).toBeLessThanOrEqual(16);
    expect(hamming(a.hash, c.hash)).toBeGreaterThan(64);
    expect(a.quality).toBeGreaterThanOrEqual(50);
  });

  it('hashes the displayed orientation: EXIF orientation 6 (rotate 90° clockwise) is applied first', async () => {
    const px = photo(300, 200, 3);
    const tagged = await raw(px, 300, 200).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const shown = await raw(px, 300, 200).rotate(90).jpeg({ quality: 95 }).toBuffer();
    const untagged = await raw(px, 300, 200).jpeg({ quality: 95 }).toBuffer();
    const [t, s, u] = await Promise.all([pdqHash(tagged), pdqHash(shown), pdqHash(untagged)]);
    expect(hamming(t.hash, s.hash)).toBeLessThanOrEqual(8);
    expect(hamming(t.hash, u.hash)).toBeGreaterThan(64);
  });

  it('the eight dihedral hashes equal the hashes of the eight transformed images', async () => {
    const set = subset(4);
    const px = imageFromCoefficients(coefficientsOf(set));
    const dih = pdqDihedralPixels({ data: px, width: 64, height: 64, channels: 3 });
    const variants = [
      raw(px, 64, 64),
      raw(px, 64, 64).rotate(90),
      raw(px, 64, 64).rotate(180),
      raw(px, 64, 64).rotate(270),
      raw(px, 64, 64).flip(),
      raw(px, 64, 64).flop(),
      raw(px, 64, 64).rotate(90).flip(),
      raw(px, 64, 64).rotate(90).flop(),
    ];
    const hashes = await Promise.all(variants.map(async (v) => (await pdqHash(await v.png().toBuffer())).hash));
    expect(new Set(hashes).size).toBe(8);
    expect(new Set(Object.values({ ...dih, quality: undefined }).filter((h): h is string => typeof h === 'string'))).toEqual(new Set(hashes));
    expect(dih.original).toBe(expectedHex(set));
  });

  it('refuses empty, corrupt and truncated input and decompression bombs with a clear error', async () => {
    await expect(pdqHash(Buffer.alloc(0))).rejects.toMatchObject({ code: 'unsupported_image' });
    await expect(pdqHash(Buffer.from('not an image at all'))).rejects.toBeInstanceOf(ImageDecodeError);
    const jpeg = await raw(photo(200, 200, 1), 200, 200).jpeg().toBuffer();
    await expect(pdqHash(jpeg.subarray(0, jpeg.length / 2))).rejects.toMatchObject({ code: 'unsupported_image' });
    // a PNG whose header declares 50,000 × 50,000 pixels (2.5 gigapixels) in a few dozen bytes
    await expect(pdqHash(pngHeaderOnly(50_000, 50_000))).rejects.toMatchObject({ code: 'image_too_large' });
    await expect(pdqHash(jpeg, { maxPixels: 100 * 100 })).rejects.toMatchObject({ code: 'image_too_large' });
  });
});
