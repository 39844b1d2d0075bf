/**
 * Faces step (issue 11, step 5), a script, not CI: `npx tsx bench/faces.ts [N]` (default 20).
 * (1) Detection time per 2-megapixel photo (1632 × 1224 JPEG with one synthetic face): the faces
 * step as the pipeline runs it (scale to ≤ 1024 px, raw RGB, BlazeFace on WASM, then the blur of the
 * found box), p50/p95 over N images after one warm-up; the first call's model load separately.
 * (2) Faces found in the shared images (`../shared/data/images/**`; read by this script only, never
 * by unit tests): per folder, images with ≥ 1 face and faces in all. No ground truth ships with
 * those images, so the count is reported as found, not as recall.
 * Writes `bench/results/faces-latest.md`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedFaceDetector } from '../server/src/services/media/faces.ts';
import { renderClean, renderFacesBlurred, renderForFaces } from '../server/src/services/media/image.ts';
import { sniffType } from '../server/src/services/media/sniff.ts';
import { syntheticFace } from '../server/src/test/synthetic-face.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = resolve(ROOT, '../shared/data/images');
const n = Number(process.argv[2] ?? 20);
const out: string[] = [];
const say = (line = ''): void => {
  process.stdout.write(`${line}\n`);
  out.push(line);
};
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] as number;
const detector = sharedFaceDetector();

async function facesStep(bytes: Buffer, mime: string): Promise<{ faces: number; detectMs: number; stepMs: number }> {
  const clean = await renderClean(bytes, mime, 100_000_000);
  const t0 = performance.now();
  const input = await renderForFaces(clean);
  const t1 = performance.now();
  const found = await detector.detect(input.image);
  const t2 = performance.now();
  if (found.length > 0) await renderFacesBlurred(clean, found.map((f) => ({ ...f, x: f.x * input.scale, y: f.y * input.scale, width: f.width * input.scale, height: f.height * input.scale })));
  return { faces: found.length, detectMs: t2 - t1, stepMs: performance.now() - t0 };
}

function images(dir: string): string[] {
  const all: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) all.push(...images(p));
    else if (/\.(jpe?g|png|webp|gif)$/i.test(e)) all.push(p);
  }
  return all.sort();
}

say(`# Faces step — ${new Date().toISOString()}`);
say(`host: ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared with other work)`);
say();
say(`## 1. Detection time per 2-megapixel photo (1632 × 1224, one synthetic face), ${n} images`);
const t0 = performance.now();
const first = await facesStep((await syntheticFace({ width: 1632, height: 1224, size: 260, cx: 700, cy: 560 })).bytes, 'image/jpeg');
say(`- first call (loads Human + BlazeFace on WASM): ${(performance.now() - t0).toFixed(0)} ms, faces found ${first.faces}`);
const detect: number[] = [];
const step: number[] = [];
let found = 0;
for (let i = 0; i < n; i += 1) {
  const { bytes } = await syntheticFace({ width: 1632, height: 1224, size: 200 + (i % 5) * 30, cx: 500 + (i % 7) * 90, cy: 450 + (i % 3) * 120 });
  const r = await facesStep(bytes, 'image/jpeg');
  detect.push(r.detectMs);
  step.push(r.stepMs);
  found += r.faces > 0 ? 1 : 0;
}
say(`- detector only: p50 ${pct(detect, 50).toFixed(0)} ms, p95 ${pct(detect, 95).toFixed(0)} ms`);
say(`- whole faces step (scale + detect + blur): p50 ${pct(step, 50).toFixed(0)} ms, p95 ${pct(step, 95).toFixed(0)} ms`);
say(`- synthetic face found in ${found}/${n} images`);
say();
say('## 2. Faces found in the shared images (no ground truth: counts, not recall)');
if (!existsSync(DATA)) {
  say(`(skipped: ${DATA} not found)`);
} else {
  const byFolder = new Map<string, { images: number; withFaces: number; faces: number; failed: number }>();
  for (const p of images(DATA)) {
    const folder = relative(DATA, dirname(p));
    const row = byFolder.get(folder) ?? { images: 0, withFaces: 0, faces: 0, failed: 0 };
    byFolder.set(folder, row);
    row.images += 1;
    try {
      const bytes = readFileSync(p);
      const r = await facesStep(bytes, await sniffType(bytes));
      row.faces += r.faces;
      row.withFaces += r.faces > 0 ? 1 : 0;
    } catch {
      row.failed += 1;
    }
  }
  say('| folder | images | with ≥ 1 face | faces | not decodable |');
  say('| --- | ---: | ---: | ---: | ---: |');
  for (const [folder, r] of byFolder) say(`| ${folder} | ${r.images} | ${r.withFaces} | ${r.faces} | ${r.failed} |`);
}
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'faces-latest.md'), `${out.join('\n')}\n`);
