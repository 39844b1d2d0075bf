/**
 * Bad-input linearity (issue 9): Enclave's `analyze()` on 40,000 and 80,000 characters of one
 * letter, digits, `@`, `.`, NUL, lone surrogates, one script (CJK, Arabic, Devanagari), emoji and
 * 10,000 capitalized words; the fastest of 15 timed runs after two warm-ups, in this process.
 * Target: time at 2× ≤ 2.2 × time at 1× (quadratic behaviour shows as ≈ 4).
 *
 * Run alone with `tsx bench/detect/bad-input.ts`, or as part of `npm run bench:detect`.
 */
import { analyze } from '@enclave/pii';

/** One input family: builds a text of about `n` UTF-16 code units. */
interface BadInput {
  name: string;
  build(n: number): string;
}

const fill = (unit: string) => (n: number): string => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** The families measured (their sizes are in UTF-16 code units, the unit `analyze()` works in). */
export const BAD_INPUTS: readonly BadInput[] = [
  { name: 'one letter', build: fill('a') },
  { name: 'digits', build: fill('7') },
  { name: '@', build: fill('@') },
  { name: '.', build: fill('.') },
  { name: 'NUL', build: fill('\u0000') },
  { name: 'lone surrogates', build: fill('\uD800x\uDC00') },
  { name: 'CJK only', build: fill('漢字仮名交じり文') },
  { name: 'Arabic only', build: fill('النص العربي ') },
  { name: 'Devanagari only', build: fill('हिन्दी पाठ ') },
  { name: 'emoji only', build: fill('😀🎉👍') },
  { name: 'capitalized words', build: fill('Word ') },
  { name: 'digit words and spaces', build: fill('one 2 ') },
];

function timeOnce(text: string): number {
  analyze('x'); // drop the per-text memos (text facts, digit runs) so each run does the whole work
  const t0 = performance.now();
  const f = analyze(text);
  const ms = performance.now() - t0;
  if (f.length < 0) throw new Error('unreachable');
  return ms;
}

/**
 * Fastest of `reps` runs of `analyze(text)` after two warm-up runs, ms: the minimum, not the
 * median, because garbage collection and the other processes on a shared machine only add time.
 */
export function timeAnalyze(text: string, reps = 15): number {
  timeOnce(text);
  timeOnce(text);
  let best = Infinity;
  for (let r = 0; r < reps; r++) best = Math.min(best, timeOnce(text));
  return best;
}

/** Markdown table: per family, ms at 40,000 and 80,000 code units and the ratio (≤ 2.2). */
export function badInputTable(size = 40_000): string {
  const lines = ['| input | chars 1× | time 1× ms | time 2× ms | ratio 2×/1× (≤ 2.2) |', '| --- | --- | --- | --- | --- |'];
  for (const b of BAD_INPUTS) {
    timeAnalyze(b.build(2 * size), 1); // JIT warm-up on the larger input first
    const t1 = timeAnalyze(b.build(size));
    const t2 = timeAnalyze(b.build(2 * size));
    const ratio = t2 / Math.max(t1, 1e-3);
    lines.push(`| ${b.name} | ${size} | ${t1.toFixed(2)} | ${t2.toFixed(2)} | ${ratio.toFixed(2)}${ratio <= 2.2 ? '' : ' **over**'} |`);
  }
  return lines.join('\n');
}

if (process.argv[1]?.endsWith('bad-input.ts')) process.stdout.write(`${badInputTable()}\n`);
