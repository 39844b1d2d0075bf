/**
 * A synthetic, cartoon-like face drawn with SVG and rendered by sharp: no real person, no photo,
 * nothing licensed. BlazeFace (the detector of `@vladmandic/human`) finds it with a score of about
 * 0.85 (checked when this helper was written; the face tests assert it). Used by unit and browser tests.
 */
import sharp from 'sharp';

/** A rectangle in pixels. */
export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

function faceSvg(cx: number, cy: number, s: number): string {
  const n = (v: number): string => v.toFixed(1);
  return `
  <ellipse cx="${n(cx)}" cy="${n(cy - 0.55 * s)}" rx="${n(0.78 * s)}" ry="${n(0.6 * s)}" fill="#3b2416"/>
  <ellipse cx="${n(cx)}" cy="${n(cy)}" rx="${n(0.68 * s)}" ry="${n(0.88 * s)}" fill="url(#skin)"/>
  <ellipse cx="${n(cx - 0.27 * s)}" cy="${n(cy - 0.12 * s)}" rx="${n(0.15 * s)}" ry="${n(0.075 * s)}" fill="#fff"/>
  <ellipse cx="${n(cx + 0.27 * s)}" cy="${n(cy - 0.12 * s)}" rx="${n(0.15 * s)}" ry="${n(0.075 * s)}" fill="#fff"/>
  <circle cx="${n(cx - 0.27 * s)}" cy="${n(cy - 0.12 * s)}" r="${n(0.065 * s)}" fill="#3a2a1a"/>
  <circle cx="${n(cx + 0.27 * s)}" cy="${n(cy - 0.12 * s)}" r="${n(0.065 * s)}" fill="#3a2a1a"/>
  <circle cx="${n(cx - 0.27 * s)}" cy="${n(cy - 0.12 * s)}" r="${n(0.03 * s)}" fill="#000"/>
  <circle cx="${n(cx + 0.27 * s)}" cy="${n(cy - 0.12 * s)}" r="${n(0.03 * s)}" fill="#000"/>
  <path d="M ${n(cx - 0.45 * s)} ${n(cy - 0.3 * s)} q ${n(0.18 * s)} ${n(-0.1 * s)} ${n(0.34 * s)} 0" stroke="#3b2416" stroke-width="${n(0.05 * s)}" fill="none"/>
  <path d="M ${n(cx + 0.11 * s)} ${n(cy - 0.3 * s)} q ${n(0.18 * s)} ${n(-0.1 * s)} ${n(0.34 * s)} 0" stroke="#3b2416" stroke-width="${n(0.05 * s)}" fill="none"/>
  <path d="M ${n(cx)} ${n(cy - 0.05 * s)} l ${n(-0.09 * s)} ${n(0.28 * s)} q ${n(0.09 * s)} ${n(0.06 * s)} ${n(0.18 * s)} 0" stroke="#a0674a" stroke-width="${n(0.03 * s)}" fill="none"/>
  <path d="M ${n(cx - 0.25 * s)} ${n(cy + 0.45 * s)} q ${n(0.25 * s)} ${n(0.15 * s)} ${n(0.5 * s)} 0 q ${n(-0.25 * s)} ${n(0.06 * s)} ${n(-0.5 * s)} 0" fill="#b5524a" stroke="#8a3a33" stroke-width="${n(0.02 * s)}"/>
  <ellipse cx="${n(cx - 0.7 * s)}" cy="${n(cy)}" rx="${n(0.08 * s)}" ry="${n(0.18 * s)}" fill="#d9a27f"/>
  <ellipse cx="${n(cx + 0.7 * s)}" cy="${n(cy)}" rx="${n(0.08 * s)}" ry="${n(0.18 * s)}" fill="#d9a27f"/>
  <rect x="${n(cx - 0.45 * s)}" y="${n(cy + 0.95 * s)}" width="${n(0.9 * s)}" height="${n(4 * s)}" fill="#2d4f7a"/>`;
}

/**
 * A JPEG (or PNG) `width × height` with one synthetic face centred at (`cx`, `cy`) (default: the
 * middle), `size` px being about half the face's width, on a sky-and-grass background with a few
 * coloured shapes (texture outside the face). `face` is the skin ellipse's bounding box.
 */
export async function syntheticFace(opts: { width?: number; height?: number; size?: number; cx?: number; cy?: number; format?: 'jpeg' | 'png' } = {}): Promise<{ bytes: Buffer; face: Region }> {
  const W = opts.width ?? 640;
  const H = opts.height ?? 480;
  const s = opts.size ?? 120;
  const cx = opts.cx ?? W / 2;
  const cy = opts.cy ?? H / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
<defs><radialGradient id="skin" cx="0.45" cy="0.4" r="0.7"><stop offset="0" stop-color="#f3c9a8"/><stop offset="0.7" stop-color="#e0a982"/><stop offset="1" stop-color="#b97d5a"/></radialGradient></defs>
<rect width="100%" height="100%" fill="#7f9fb5"/>
<rect y="${H * 0.75}" width="100%" height="${H * 0.25}" fill="#4d6a3a"/>
<rect x="${W * 0.03}" y="${H * 0.05}" width="${W * 0.12}" height="${H * 0.1}" fill="#e8d44d"/>
<circle cx="${W * 0.92}" cy="${H * 0.85}" r="${Math.min(W, H) * 0.05}" fill="#c0392b"/>
${faceSvg(cx, cy, s)}
</svg>`;
  const img = sharp(Buffer.from(svg));
  const bytes = await (opts.format === 'png' ? img.png() : img.jpeg({ quality: 90 })).toBuffer();
  const face = { left: Math.round(cx - 0.68 * s), top: Math.round(cy - 0.88 * s), width: Math.round(1.36 * s), height: Math.round(1.76 * s) };
  return { bytes, face };
}

/**
 * Mean absolute difference per channel value (0–255) of two same-sized images inside `region`
 * (`inside: true`) or outside it.
 */
export async function meanDifference(a: Buffer, b: Buffer, region: Region, inside: boolean): Promise<number> {
  const ra = await sharp(a).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const rb = await sharp(b).removeAlpha().raw().toBuffer();
  const { width, height, channels } = ra.info;
  let sum = 0;
  let n = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const inR = x >= region.left && x < region.left + region.width && y >= region.top && y < region.top + region.height;
      if (inR !== inside) continue;
      const i = (y * width + x) * channels;
      for (let c = 0; c < channels; c += 1) sum += Math.abs((ra.data[i + c] as number) - (rb[i + c] as number));
      n += channels;
    }
  }
  return n === 0 ? 0 : sum / n;
}
