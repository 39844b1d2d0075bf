/**
 * Summarizes a V8 `.cpuprofile`: the top functions by self time and by total (inclusive) time,
 * each as % of all samples, with the file.
 * Usage: `npx tsx packages/pii/scripts/profile-summary.ts FILE.cpuprofile [TOP]`.
 */
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string }; children?: number[] }
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: profile-summary FILE.cpuprofile [TOP]\n');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[] };
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n: Node): string => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*\/(packages|node_modules)\//, '$1/').slice(0, 60)}`;
const self = new Map<string, number>();
const total = new Map<string, number>();
for (const s of prof.samples) {
  const n = byId.get(s);
  if (!n) continue;
  self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let id: number | undefined = s; id !== undefined; id = parent.get(id)) {
    const k = keyOf(byId.get(id)!);
    if (seen.has(k)) continue;
    seen.add(k);
    total.set(k, (total.get(k) ?? 0) + 1);
  }
}
const all = prof.samples.length;
const top = Number(process.argv[3] ?? 30);
const print = (m: Map<string, number>): void => {
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${((100 * v) / all).toFixed(1).padStart(5)}%  ${k}`);
};
console.log(`# self time (${all} samples)`);
print(self);
console.log('# total time');
print(total);
