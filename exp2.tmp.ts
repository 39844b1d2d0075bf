import { readFileSync, readdirSync } from 'node:fs';
import { streetAddressRecognizer as s } from './packages/pii/src/recognizers/street-address.ts';
const D = '/work/shared/data/chat/';
const lines: string[] = [];
for (const dir of ['irc-ubuntu/dev']) for (const f of readdirSync(D + dir)) lines.push(...readFileSync(`${D}${dir}/${f}`, 'utf8').split('\n'));
const bytes = lines.reduce((a, l) => a + l.length, 0);
function t(name: string, fn: (l: string) => unknown) {
  for (const l of lines) fn(l);
  const t0 = performance.now();
  for (let r = 0; r < 3; r++) for (const l of lines) fn(l);
  console.log(name.padEnd(16), (bytes * 3 / 1048576 / ((performance.now() - t0) / 1000)).toFixed(1), 'MB/s');
}
t('full', (l) => s.analyze(l, { phoneRegions: [] }));
const src = (globalThis as any).ADDR_SRC;
t('digit-only', (l) => { const r = /\d(?<![\p{L}\p{N}\p{Sc}.,:/#-]\d)\d{0,5}[A-Za-z]?,?\s+\p{Lu}/gu; while (r.exec(l)); });
t('digit-ascii', (l) => { const r = /\d(?<![A-Za-z0-9.,:/#-]\d)\d{0,5}[A-Za-z]?,?\s+[A-Z]/g; while (r.exec(l)); });
t('lb-generic', (l) => { const r = /\d(?<=(?<![\p{L}\p{N}])(?:[\p{Lu}][\p{L}\p{M}'’.-]*[ \t]+){0,2}[\p{Lu}][\p{L}\p{M}'’.-]*[ \t]?\d)/gu; while (r.exec(l)); });
