/**
 * The chat benchmark's result table (markdown): one row per figure, with its target and
 * pass/fail (`–` where the issue sets no target).
 */
import type { FanoutResult, GetResult, SustainedResult } from './protocol.ts';
import type { Summary } from './stats.ts';

/** One line of the table; `pass` null = no target. */
export interface Row {
  scenario: string;
  measure: string;
  value: string;
  target: string;
  pass: boolean | null;
}

const ms = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : 'n/a');
const pair = (s: Summary): string => `${ms(s.p50)} / ${ms(s.p99)} (n=${s.n.toLocaleString('en-US')})`;
const int = (n: number): string => n.toLocaleString('en-US');

/** Fan-out rows: both latencies, the p99 ratio (target ≤ 1.5), missing deliveries (target 0). */
export function fanoutRows(clients: number, r: FanoutResult): Row[] {
  const s = `Fan-out, ${int(clients)} sockets, 1 channel`;
  const ratio = r.enclave.p99 / r.raw.p99;
  return [
    { scenario: s, measure: 'Enclave delivery p50 / p99', value: pair(r.enclave), target: '–', pass: null },
    { scenario: s, measure: 'raw `ws` delivery p50 / p99', value: pair(r.raw), target: '–', pass: null },
    { scenario: s, measure: 'p99 ratio Enclave / raw', value: Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a', target: '≤ 1.5', pass: ratio <= 1.5 },
    { scenario: s, measure: 'missing deliveries Enclave / raw', value: `${int(r.missing.enclave)} / ${int(r.missing.raw)}`, target: '0', pass: r.missing.enclave === 0 && r.missing.raw === 0 },
  ];
}

/** One GET scenario row with a p99 target in ms. */
export function getRow(scenario: string, measure: string, r: GetResult, p99TargetMs: number): Row[] {
  const rows: Row[] = [{ scenario, measure: `${measure} p50 / p99`, value: pair(r.latency), target: `p99 < ${p99TargetMs} ms`, pass: r.errors === 0 && r.latency.p99 < p99TargetMs }];
  if (r.errors > 0) rows.push({ scenario, measure: 'errors', value: `${r.errors}: ${r.firstError ?? ''}`, target: '0', pass: false });
  return rows;
}

/** A GET figure with no target in the issue (informational). */
export function infoRow(scenario: string, measure: string, r: GetResult): Row[] {
  const rows: Row[] = [{ scenario, measure: `${measure} p50 / p99`, value: pair(r.latency), target: '– (no target)', pass: null }];
  if (r.errors > 0) rows.push({ scenario, measure: 'errors', value: `${r.errors}: ${r.firstError ?? ''}`, target: '0', pass: false });
  return rows;
}

/** Sustained rows: accepted, exactly-once delivery, latency. */
export function sustainedRows(label: string, r: SustainedResult): Row[] {
  const s = `Sustained, ${label}`;
  const rej = Object.entries(r.rejected)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
  return [
    { scenario: s, measure: 'accepted (201) / sent', value: `${int(r.accepted)} / ${int(r.sent)}${rej ? ` (rejected: ${rej})` : ''}`, target: 'all', pass: r.accepted === r.sent },
    { scenario: s, measure: 'achieved accepted rate', value: `${r.achievedRate.toFixed(0)} msg/s`, target: '–', pass: null },
    {
      scenario: s,
      measure: 'deliveries: delivered / expected, missing, duplicate, foreign, out of order',
      value: `${int(r.delivered)} / ${int(r.expectedDeliveries)}, ${int(r.missing)}, ${int(r.duplicates)}, ${int(r.foreign)}, ${int(r.outOfOrder)}`,
      target: 'all, 0, 0, 0, 0',
      pass: r.missing === 0 && r.duplicates === 0 && r.foreign === 0 && r.outOfOrder === 0 && r.delivered === r.expectedDeliveries,
    },
    { scenario: s, measure: 'delivery p50 / p99', value: pair(r.latency), target: 'report', pass: null },
    { scenario: s, measure: 'POST answer p50 / p99', value: pair(r.postLatency), target: '–', pass: null },
    { scenario: s, measure: 'sockets closed by the server during the run', value: int(r.socketsClosed), target: '0', pass: r.socketsClosed === 0 },
  ];
}

/** Renders rows as a markdown table. */
export function table(rows: Row[]): string {
  const out = ['| scenario | measure | value | target | result |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) out.push(`| ${r.scenario} | ${r.measure} | ${r.value} | ${r.target} | ${r.pass === null ? '–' : r.pass ? 'pass' : '**FAIL**'} |`);
  return out.join('\n');
}
