/**
 * Field-report regression cases (`../shared/data/cases/field-reports.jsonl`, semantics in
 * `../shared/data/README.md`). Checks per case, all on the system's typed spans:
 * - `expect`: each `{type, value}` is reported with exactly that text and the mapped type;
 * - `must_not`: no span has exactly one of these texts (any type);
 * - `keep`: after replacing every span by `[TYPE]` each keep string is still present, and
 *   no expected value survives the replacement;
 * - always: spans in bounds, sorted, non-overlapping, not splitting a surrogate pair;
 * - `generate`: the input is built (prefix + repeat × times + suffix); here we only check that
 *   the call completes and the checks above hold — timing belongs to `bench/detect.ts`.
 * `chat-leak:*` cases describe server scenarios and are listed as not scored here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLabel } from './entity-map.ts';
import type { Span, System } from './types.ts';

/** One field report. */
export interface FieldReport {
  id: string;
  kind: string;
  text: string;
  expect: Array<{ type: string; value: string }>;
  must_not: string[];
  keep?: string[];
  generate?: { prefix: string; repeat: string; times: number; suffix: string; max_ms: number };
  scenario?: string;
  note?: string;
}

/** Result for one system on one report. */
export interface ReportOutcome {
  id: string;
  kind: string;
  status: 'pass' | 'fail' | 'server-side';
  problems: string[];
  /** Wall time of the detect call, ms (informative only). */
  ms: number;
}

/** Reads the reports file. */
export function loadFieldReports(dataDir: string): FieldReport[] {
  return readFileSync(join(dataDir, 'cases/field-reports.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as FieldReport);
}

/** Builds the input of a `generate` case (or returns `text`). */
export function buildInput(r: Pick<FieldReport, 'text' | 'generate'>, scale = 1): string {
  const g = r.generate;
  return g ? g.prefix + g.repeat.repeat(g.times * scale) + g.suffix : r.text;
}

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Structural problems of a span list over `text` (empty when valid). */
export function spanProblems(text: string, spans: readonly Span[]): string[] {
  const out: string[] = [];
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  sorted.forEach((s, i) => {
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && 0 <= s.start && s.start < s.end && s.end <= text.length))
      out.push(`span [${s.start},${s.end}) out of bounds or empty`);
    if (isLow(text.charCodeAt(s.start)) && isHigh(text.charCodeAt(s.start - 1))) out.push(`span [${s.start},${s.end}) starts inside a surrogate pair`);
    if (isLow(text.charCodeAt(s.end)) && isHigh(text.charCodeAt(s.end - 1))) out.push(`span [${s.start},${s.end}) ends inside a surrogate pair`);
    const prev = sorted[i - 1];
    if (prev && prev.end > s.start) out.push(`spans [${prev.start},${prev.end}) and [${s.start},${s.end}) overlap`);
  });
  return out;
}

/** Replaces each span by `[TYPE]`, right to left (spans assumed valid and non-overlapping). */
export function redactSpans(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + `[${s.type}]` + out.slice(s.end);
  return out;
}

/** Checks one report against one system. */
export function runFieldReport(system: System, r: FieldReport): ReportOutcome {
  if (r.kind.startsWith('chat-leak')) return { id: r.id, kind: r.kind, status: 'server-side', problems: [], ms: 0 };
  const text = buildInput(r);
  const problems: string[] = [];
  const t0 = performance.now();
  let spans: Span[];
  try {
    spans = system.detect(text);
  } catch (err) {
    return { id: r.id, kind: r.kind, status: 'fail', problems: [`threw ${(err as Error).name}`], ms: performance.now() - t0 };
  }
  const ms = performance.now() - t0;
  problems.push(...spanProblems(text, spans));
  const texts = spans.map((s) => ({ type: s.type, value: text.slice(s.start, s.end) }));
  for (const e of r.expect) {
    const type = mapLabel(e.type);
    if (!texts.some((t) => t.type === type && t.value === e.value)) {
      const near = texts.filter((t) => t.value.includes(e.value) || e.value.includes(t.value));
      problems.push(
        `missing ${type} "${e.value}"` + (near.length ? ` (got ${near.map((n) => `${n.type} "${n.value}"`).join(', ')})` : ''),
      );
    }
  }
  for (const bad of r.must_not) if (texts.some((t) => t.value === bad)) problems.push(`must_not "${bad}" was reported`);
  if (r.generate && r.expect.length === 0 && spans.length > 0) problems.push(`generated input: ${spans.length} finding(s), expected none`);
  if (r.keep || r.expect.length) {
    const redacted = problems.length ? '' : redactSpans(text, spans);
    if (redacted) {
      for (const k of r.keep ?? []) if (!redacted.includes(k)) problems.push(`keep "${k}" did not survive redaction`);
      for (const e of r.expect) if (redacted.includes(e.value)) problems.push(`"${e.value}" still present after redaction`);
    }
  }
  return { id: r.id, kind: r.kind, status: problems.length ? 'fail' : 'pass', problems, ms };
}
