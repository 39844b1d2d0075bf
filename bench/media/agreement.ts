/**
 * Agreement of `@enclave/pdq` with the published PDQ hashes of ThreatExchange's test images
 * (`../shared/data/images/pdq-threatexchange`, see its SOURCE.md): every row of
 * `expected/expected-hashes.csv` within its tolerance — the upstream Python tests' Hamming ≤ 16 for
 * their rows, and `pdq/README.md`'s acceptance rule (≤ 10 from the C++ reference family) for the
 * reference outputs — plus the other facts SOURCE.md lists (dihedral variants, the EXIF-rotated set).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { hamming, pdqDihedral, pdqHash, type PdqDihedral } from '@enclave/pdq';

/** One checked row. */
export interface AgreementRow {
  image: string;
  implementation: string;
  expected: string;
  got: string;
  distance: number;
  tolerance: number;
  expectedQuality: string;
  quality: number;
  ok: boolean;
}

/** Splits a CSV record with double-quote quoting. */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const XFORMS: Record<string, keyof PdqDihedral> = {
  orig: 'original',
  rot90: 'rotate90',
  rot180: 'rotate180',
  rot270: 'rotate270',
  flipx: 'flipX',
  flipy: 'flipY',
  flipp: 'flipPlus1',
  flipm: 'flipMinus1',
};

/** Checks every row of the expected-hashes table under `root` (the pdq-threatexchange folder). */
export async function checkAgreement(root: string): Promise<{ rows: AgreementRow[]; facts: string[] }> {
  const lines = readFileSync(join(root, 'expected/expected-hashes.csv'), 'utf8').trim().split(/\r?\n/);
  const header = fields(lines[0] as string);
  const col = (name: string) => header.indexOf(name);
  const rows: AgreementRow[] = [];
  const cache = new Map<string, PdqDihedral & { quality: number }>();
  const hashOf = async (image: string) => {
    let h = cache.get(image);
    if (!h) {
      h = await pdqDihedral(readFileSync(join(root, image)));
      cache.set(image, h);
    }
    return h;
  };
  for (const line of lines.slice(1)) {
    const f = fields(line);
    const image = f[col('image')] as string;
    const note = f[col('note')] ?? '';
    const comparison = f[col('comparison')] ?? '';
    const expected = f[col('expected_hash')] as string;
    const xform = /xform=(\w+)/.exec(note)?.[1];
    const h = await hashOf(image);
    const got = h[XFORMS[xform ?? 'orig'] ?? 'original'];
    const tolerance = comparison.startsWith('hamming<=') ? Number(comparison.slice('hamming<='.length)) : 10;
    const distance = hamming(got, expected);
    rows.push({ image, implementation: f[col('implementation')] as string, expected, got, distance, tolerance, expectedQuality: f[col('quality')] ?? '', quality: h.quality, ok: distance <= tolerance });
  }
  const facts: string[] = [];
  const bridge = await hashOf('images/reg-test-input/dih/bridge-1-original.jpg');
  const rot90 = await hashOf('images/reg-test-input/dih/bridge-2-rotate-90.jpg');
  const pen = await hashOf('images/reg-test-input/pen-and-coaster.png');
  facts.push(`distance(bridge-1, bridge-2-rotate-90) = ${hamming(bridge.original, rot90.original)} (Java test: 120)`);
  facts.push(`distance(bridge-1, pen-and-coaster) = ${hamming(bridge.original, pen.original)} (Java test: 138)`);
  const grey = await pdqHash(await sharp(readFileSync(join(root, 'images/reg-test-input/dih/bridge-1-original.jpg'))).greyscale().png().toBuffer());
  facts.push(`distance(bridge-1, bridge-1 converted to greyscale) = ${hamming(bridge.original, grey.hash)} (Java test: 0)`);
  const exif = await Promise.all([1, 3, 6, 8].map(async (n) => (await hashOf(`images/reg-test-input/exif-rotn/exif-rotn-${n}.jpg`)).original));
  let worst = 0;
  for (const a of exif) for (const b of exif) worst = Math.max(worst, hamming(a, b));
  const shapes = await Promise.all([1, 3, 6, 8].map(async (n) => {
    const m = await sharp(readFileSync(join(root, `images/reg-test-input/exif-rotn/exif-rotn-${n}.jpg`))).metadata();
    return `${n}: ${m.autoOrient.width}×${m.autoOrient.height}`;
  }));
  facts.push(`exif-rotn (EXIF orientation 1/3/6/8; displayed sizes ${shapes.join(', ')}): four different shots of one scene, not one photo re-tagged, so no near-equality is expected — largest pairwise distance ${worst}`);
  return { rows, facts };
}
