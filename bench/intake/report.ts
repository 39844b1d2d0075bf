/**
 * Markdown report of the intake benchmark: what was seeded how, the HTTP intake rate, the analyzer
 * throughput without / with the known-subject index, and the index memory per million values,
 * with targets and pass/fail and the load average (1/5/15 min) at each phase.
 */
import { median } from '../detect/measure.ts';
import type { AnalyzerResult, ClientResult, SeedResult } from './protocol.ts';

/** Sizes of one run. */
export interface Sizes {
  subjects: number;
  valuesPerSubject: number;
  seedConcurrency: number;
  clientConcurrency: number;
  seconds: number;
  corpusBytes: number;
  rounds: number;
  budgetMs: number;
}

/** Everything the report shows. */
export interface ReportInput {
  quick: boolean;
  sizes: Sizes;
  started: string;
  finished: string;
  loads: Record<string, string>;
  seed: SeedResult;
  serverStartMs: number;
  client: ClientResult;
  analyzer: AnalyzerResult;
}

const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');
const mark = (ok: boolean): string => (ok ? 'pass' : '**FAIL**');
const mib = (b: number): string => `${(b / 2 ** 20).toFixed(1)} MiB`;

/** Intake rate (201s per second of the run) and the analyzer slowdown (1 − with / without, medians). */
export function figures(r: Pick<ReportInput, 'client' | 'analyzer'>): { rate: number; slowdown: number; perMillion: number } {
  const rate = r.client.created / (r.client.elapsedMs / 1000);
  const slowdown = 1 - median(r.analyzer.with) / median(r.analyzer.without);
  const held = r.analyzer.heapDelta.heapUsed + r.analyzer.heapDelta.arrayBuffers;
  return { rate, slowdown, perMillion: r.analyzer.values > 0 ? held / (r.analyzer.values / 1e6) : NaN };
}

/** The report markdown. */
export function renderReport(r: ReportInput): string {
  const { seed, client: c, analyzer: a, sizes: z, loads: L } = r;
  const f = figures(r);
  const statuses = Object.entries(c.statuses)
    .map(([k, v]) => `${k}: ${fmt(v)}`)
    .join(', ');
  return [
    `# bench:intake — intake benchmark${r.quick ? ' (--quick)' : ''}`,
    '',
    `Run ${r.started} → ${r.finished}. Load average (1/5/15 min) — start ${L.start}; after seeding ${L.afterSeed}; before HTTP ${L.beforeHttp}; after HTTP ${L.afterHttp}; after analyzer ${L.afterAnalyzer}. Shared 2-core machine: figures under load from other work are lower bounds of what the code can do.`,
    '',
    '## Seeded (in process, not HTTP)',
    '',
    `${fmt(seed.reports)} reports of 2 accounts = ${fmt(seed.subjects)} subjects × ${z.valuesPerSubject} field values = **${fmt(seed.values)} registered values** (per subject: account id, display name, username, e-mail, phone, country, city, date of birth, IPv4/IPv6 addresses, device ids), each report through \`receiveReport\` — the intake route's unit of work after the signature check: subject rows, one vault token per value under the subject's own data key, blind indexes, case, audit event — via \`ctx.write\` (${z.seedConcurrency} in flight, group commit) in ${(seed.ms / 1000).toFixed(1)} s (${fmt(seed.values / (seed.ms / 1000))} values/s). Then \`bin/enclave serve\` started on that folder, building the known-subject index from the vault, in ${(r.serverStartMs / 1000).toFixed(1)} s.`,
    '',
    '## Figures',
    '',
    '| figure | value | target | |',
    '| --- | --- | --- | --- |',
    `| sustained intake over HTTP (signed \`POST /api/v1/intake/reports\`, 2 new subjects / 8 values each report, ${z.clientConcurrency} in flight, ${(c.elapsedMs / 1000).toFixed(1)} s) | **${f.rate.toFixed(1)} reports/s** (${fmt(c.created)} created; latency p50 ${c.latency.p50.toFixed(1)} ms, p99 ${c.latency.p99.toFixed(1)} ms, max ${c.latency.max.toFixed(1)} ms; server CPU ${(c.serverCpuMs / c.created).toFixed(2)} ms/report) | ≥ 200 reports/s | ${mark(f.rate >= 200)} |`,
    `| analyzer throughput, ${a.corpus.name} (${fmt(a.corpus.messages)} messages, ${mib(a.corpus.bytes)}), median of ${a.without.length} alternating passes, CPU time | without index ${median(a.without).toFixed(3)} MiB/CPU-s, with index (${fmt(a.values)} values) ${median(a.with).toFixed(3)} MiB/CPU-s: **${(f.slowdown * 100).toFixed(1)} % slower** | ≤ 20 % slower | ${mark(f.slowdown <= 0.2)} |`,
    `| index memory (heapUsed + arrayBuffers delta after GC, ${fmt(a.values)} values, ${fmt(a.fingerprints)} primary fingerprints) | **${mib(f.perMillion)} per million values** (heap ${mib(a.heapDelta.heapUsed)}, array buffers ${mib(a.heapDelta.arrayBuffers)}; typed arrays \`byteSize()\` ${mib(a.byteSize)}; RSS delta ${mib(a.heapDelta.rss)}) | — | |`,
    '',
    '## Details',
    '',
    `- HTTP statuses: ${statuses || 'none'}; transport errors ${c.errors}; ${fmt(c.sent)} sent.`,
    `- Index build in the analyzer process (\`loadKnownSubjectIndex\`, as at server start): ${(a.loadMs / 1000).toFixed(1)} s for ${fmt(a.values)} values of ${fmt(a.subjects)} subjects.`,
    `- Passes, MiB/CPU-s without: ${a.without.map((x) => x.toFixed(3)).join(', ')}; with: ${a.with.map((x) => x.toFixed(3)).join(', ')}.`,
    `- Findings over the corpus: ${fmt(a.findings.without)} without, ${fmt(a.findings.with)} with the index (${fmt(a.findings.knownSubject)} KNOWN_SUBJECT: the corpus does not contain the fictional values).`,
    `- Sanity, retyped seeded values found as KNOWN_SUBJECT with the loaded index: ${Object.entries(a.sanity)
      .map(([k, v]) => `${k} ${v}`)
      .join('; ')}.`,
    '',
  ].join('\n');
}
