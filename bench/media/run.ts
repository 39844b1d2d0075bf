/**
 * `npm run bench:media` (a script, not CI): (1) agreement with ThreatExchange's published PDQ
 * hashes; (2) PDQ hashing time per shared image, `@enclave/pdq` beside the plain reference in
 * `reference.ts` (same decoded pixels, results compared); (3) 1,000 queries against 1,000,000
 * random hashes at distance ≤ 31: multi-index vs brute force, identical results required.
 * Reads `../shared/data/images/pdq-threatexchange`; writes `bench/results/media-latest.md`.
 * Flags: `--agreement-only`, `--entries N` (default 1,000,000), `--queries N` (default 1,000).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bruteForceSearch, decodeForHashing, pdqHashPixels, PdqIndex, popcount32, type PdqHit } from '@enclave/pdq';
import { checkAgreement } from './agreement.ts';
import { referencePdq } from './reference.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DATA = resolve(ROOT, '../shared/data/images/pdq-threatexchange');
const args = process.argv.slice(2);
const flag = (name: string, dflt: number) => {
  const at = args.indexOf(name);
  return at === -1 ? dflt : Number(args[at + 1]);
};
const out: string[] = [];
const say = (line = '') => {
  process.stdout.write(`${line}\n`);
  out.push(line);
};

function images(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return images(p);
    return /\.(jpe?g|png|webp|gif|tiff?)$/i.test(name) ? [p] : [];
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function agreement(): Promise<boolean> {
  const { rows, facts } = await checkAgreement(DATA);
  say('## 1. Agreement with ThreatExchange PDQ hashes (expected/expected-hashes.csv)');
  say();
  say('| image | implementation | distance | tolerance | quality (ours / theirs) | ok |');
  say('| --- | --- | ---: | ---: | --- | --- |');
  for (const r of rows) say(`| ${r.image} | ${r.implementation.slice(0, 60)} | ${r.distance} | ${r.tolerance} | ${r.quality} / ${r.expectedQuality || '–'} | ${r.ok ? 'yes' : '**NO**'} |`);
  const bad = rows.filter((r) => !r.ok);
  say();
  say(`Rows: ${rows.length}; within tolerance: ${rows.length - bad.length}; largest distance: ${Math.max(...rows.map((r) => r.distance))}; exact: ${rows.filter((r) => r.distance === 0).length}.`);
  for (const f of facts) say(`- ${f}`);
  say();
  return bad.length === 0;
}

async function hashing(): Promise<void> {
  const files = images(join(DATA, 'images'));
  const rounds = 5;
  const rows: Array<{ file: string; pixels: string; decode: number; ours: number; ref: number; same: boolean }> = [];
  for (const file of files) {
    const bytes = readFileSync(file);
    let px;
    const decodeTimes: number[] = [];
    try {
      for (let r = 0; r < rounds; r++) {
        const t = performance.now();
        px = await decodeForHashing(bytes);
        decodeTimes.push(performance.now() - t);
      }
    } catch {
      say(`(skipped ${relative(DATA, file)}: not decodable)`);
      continue;
    }
    if (!px) continue;
    const ours: number[] = [];
    const ref: number[] = [];
    let a = { hash: '', quality: 0 };
    let b = { hash: '', quality: 0 };
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      a = pdqHashPixels(px);
      ours.push(performance.now() - t);
      t = performance.now();
      b = referencePdq(px.data, px.width, px.height, px.channels);
      ref.push(performance.now() - t);
    }
    rows.push({ file: relative(DATA, file), pixels: `${px.width}×${px.height}`, decode: median(decodeTimes), ours: median(ours), ref: median(ref), same: a.hash === b.hash && a.quality === b.quality });
  }
  say(`## 2. Hashing time per image (${rows.length} shared images, median of ${rounds} runs each, after sharp decode + fit-in-512)`);
  say();
  say('| image | pixels hashed | decode ms | @enclave/pdq ms | plain reference ms | same hash |');
  say('| --- | --- | ---: | ---: | ---: | --- |');
  for (const r of rows) say(`| ${r.file} | ${r.pixels} | ${r.decode.toFixed(2)} | ${r.ours.toFixed(2)} | ${r.ref.toFixed(2)} | ${r.same ? 'yes' : '**no**'} |`);
  const mean = (k: 'decode' | 'ours' | 'ref') => rows.reduce((s, r) => s + r[k], 0) / rows.length;
  say();
  say(`Mean ms per image: decode ${mean('decode').toFixed(2)}, @enclave/pdq ${mean('ours').toFixed(2)}, plain reference ${mean('ref').toFixed(2)} → ours takes ${(mean('ours') / mean('ref')).toFixed(2)}× the reference's time (target ≤ 2×). Identical hash and quality on ${rows.filter((r) => r.same).length}/${rows.length} images.`);
  say();
}

/** The plainest brute force: the whole 256-bit distance to every stored hash, then the threshold. */
function fullDistanceScan(words: Uint32Array, query: Uint32Array, maxDistance: number): PdqHit[] {
  const hits: PdqHit[] = [];
  for (let e = 0; e < words.length / 8; e++) {
    let d = 0;
    for (let w = 0; w < 8; w++) d += popcount32(((words[e * 8 + w] as number) ^ (query[w] as number)) >>> 0);
    if (d <= maxDistance) hits.push({ entry: e, distance: d });
  }
  return hits;
}

function matching(entries: number, queries: number): boolean {
  let seed = 0x9e3779b9;
  const rnd = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const words = new Uint32Array(entries * 8);
  for (let i = 0; i < words.length; i++) words[i] = rnd();
  // half the queries: a stored hash with 0..40 bits flipped (hits around the threshold); half random
  const qs: Uint32Array[] = [];
  for (let q = 0; q < queries; q++) {
    const query = new Uint32Array(8);
    if (q % 2 === 0) {
      const e = rnd() % entries;
      query.set(words.subarray(e * 8, e * 8 + 8));
      const flips = rnd() % 41;
      for (let f = 0; f < flips; f++) {
        const bit = rnd() % 256;
        query[bit >> 5] = ((query[bit >> 5] as number) ^ (1 << (bit & 31))) >>> 0;
      }
    } else for (let w = 0; w < 8; w++) query[w] = rnd();
    qs.push(query);
  }
  let t = performance.now();
  const index = PdqIndex.fromPacked(words);
  const build = performance.now() - t;
  t = performance.now();
  const fast: PdqHit[][] = qs.map((q) => index.search(q, 31));
  const indexMs = performance.now() - t;
  t = performance.now();
  const slow: PdqHit[][] = qs.map((q) => bruteForceSearch(words, q, 31));
  const bruteMs = performance.now() - t;
  t = performance.now();
  const full: PdqHit[][] = qs.map((q) => fullDistanceScan(words, q, 31));
  const fullMs = performance.now() - t;
  const same = fast.every((hits, i) => JSON.stringify(hits) === JSON.stringify(slow[i]) && JSON.stringify(hits) === JSON.stringify(full[i]));
  const hits = slow.reduce((s, h) => s + h.length, 0);
  say(`## 3. Matching: ${queries.toLocaleString('en')} queries against ${entries.toLocaleString('en')} random PDQ hashes, distance ≤ 31`);
  say();
  say('| | total ms | ms per query |');
  say('| --- | ---: | ---: |');
  say(`| index build (16 × 16-bit tables) | ${build.toFixed(0)} | – |`);
  say(`| multi-index search | ${indexMs.toFixed(0)} | ${(indexMs / queries).toFixed(3)} |`);
  say(`| brute force, full distance to every hash | ${fullMs.toFixed(0)} | ${(fullMs / queries).toFixed(3)} |`);
  say(`| linear scan with early exit (stops a hash once past 31) | ${bruteMs.toFixed(0)} | ${(bruteMs / queries).toFixed(3)} |`);
  say();
  say(`Speed-up of the index: ${(fullMs / indexMs).toFixed(0)}× over the full brute force, ${(bruteMs / indexMs).toFixed(0)}× over the early-exit scan (target ≥ 50×); results identical (all three): ${same ? 'yes' : '**NO**'} (${hits} hits in all). Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores.`);
  say();
  return same;
}

async function main(): Promise<number> {
  if (!existsSync(join(DATA, 'SOURCE.md'))) {
    process.stderr.write(`bench:media: test images missing — ${DATA} not found (expected ../shared/data relative to the project root)\n`);
    return 2;
  }
  say(`# bench:media — ${new Date().toISOString()} (node ${process.version})`);
  say();
  let ok = await agreement();
  if (!args.includes('--agreement-only')) {
    await hashing();
    ok = matching(flag('--entries', 1_000_000), flag('--queries', 1_000)) && ok;
  }
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results', args.includes('--agreement-only') ? 'media-agreement.md' : 'media-latest.md'), `${out.join('\n')}\n`);
  return ok ? 0 : 1;
}

process.exitCode = await main();
