/**
 * Upload → visible for a 2-megapixel photo with every step on (decode/strip, hashes, match, faces,
 * OCR, guard): p50/p95 over N sequential uploads to a team channel through the real server, and the
 * share of each pipeline step (measured by running the same steps on the same photo).
 * `npx tsx bench/media-upload.ts [N]` (default 20). PDQ is not wired here (its engine is a separate package).
 */
import sharp from 'sharp';
import { analyzeBytes } from '../server/src/services/media/pipeline.ts';
import { makeChannel, makeUser, startServer } from '../server/src/test/factories.ts';
import { settled, upload } from '../server/src/test/images.ts';

const n = Number(process.argv[2] ?? 20);

async function photo(seed: number): Promise<Buffer> {
  const w = 1632;
  const h = 1224;
  const raw = Buffer.alloc(w * h * 3);
  let x = seed * 2654435761;
  for (let i = 0; i < raw.length; i += 1) {
    x = (x * 1103515245 + 12345) >>> 0;
    raw[i] = ((i / 3) % w < w / 2 ? 90 : 160) + ((x >>> 24) & 31);
  }
  return sharp(raw, { raw: { width: w, height: h, channels: 3 } }).jpeg({ quality: 90 }).withExif({ IFD0: { Make: 'FakeCam' } }).toBuffer();
}

const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] as number;

const srv = await startServer({ media: { settings: { uploadsPerWindow: 10_000 } } });
try {
  const u = await makeUser(srv);
  const ch = await makeChannel(srv, u);
  // warm the OCR worker
  await settled(srv, u, ((await upload(srv, u, ch.id, await photo(0), 'warm.jpg')).body.message as { id: string }).id, 120_000);
  const total: number[] = [];
  for (let i = 1; i <= n; i += 1) {
    const bytes = await photo(i);
    const t0 = performance.now();
    const r = await upload(srv, u, ch.id, bytes, `p${i}.jpg`);
    await settled(srv, u, (r.body.message as { id: string }).id, 120_000);
    total.push(performance.now() - t0);
  }
  const steps: Record<string, number> = {};
  for (let i = 1; i <= Math.min(n, 10); i += 1) {
    const a = await analyzeBytes(srv.ctx.media.deps, await photo(i), 'image/jpeg');
    for (const [k, v] of Object.entries(a.timings)) steps[k] = (steps[k] ?? 0) + v;
  }
  const sum = Object.values(steps).reduce((a, b) => a + b, 0);
  console.log(`upload → ready, 2.0 MP JPEG (1632×1224), ${n} uploads: p50 ${pct(total, 50).toFixed(0)} ms, p95 ${pct(total, 95).toFixed(0)} ms`);
  console.log(`pipeline step shares: ${Object.entries(steps).map(([k, v]) => `${k} ${((100 * v) / sum).toFixed(1)}%`).join(', ')}`);
  const runs = Math.min(n, 10);
  console.log(`per step, mean ms: ${Object.entries(steps).map(([k, v]) => `${k} ${(v / runs).toFixed(0)}`).join(', ')}`);
} finally {
  await srv.close();
}
