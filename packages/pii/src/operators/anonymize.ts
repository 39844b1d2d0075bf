/**
 * Applies operators to a text from a list of findings (Presidio's `AnonymizerEngine`): overlapping
 * findings are first reduced with the analyzer's conflict strategy, then each span is replaced
 * right-to-left so earlier offsets stay valid. Text outside the spans is copied unchanged.
 */
import { resolveConflicts } from '../conflicts.ts';
import type { EntityType, Finding } from '../types.ts';
import { OPERATORS, OperatorConfigError, type Operator, type OperatorConfig } from './operators.ts';

/** One replaced span: where it is now (`start`/`end`) and where it was (`originalStart`/`originalEnd`), UTF-16. */
export interface AnonymizedItem {
  entityType: EntityType;
  start: number;
  end: number;
  originalStart: number;
  originalEnd: number;
  operator: OperatorConfig['type'];
}

/** Result of {@link anonymize}. `items` are sorted by `start`. */
export interface AnonymizeResult {
  text: string;
  items: AnonymizedItem[];
}

/** Per-type configs; `DEFAULT` applies to types not listed (default: replace with `[TYPE]`). */
export type OperatorConfigByType = Partial<Record<EntityType | 'DEFAULT', OperatorConfig>>;

/**
 * Anonymizes `text`.
 * @throws OperatorConfigError when a config is invalid or a finding lies outside the text.
 */
export function anonymize(text: string, findings: readonly Finding[], configs: OperatorConfigByType = {}): AnonymizeResult {
  for (const c of Object.values(configs)) {
    if (!c) continue;
    const op = OPERATORS[c.type] as Operator | undefined;
    if (!op) throw new OperatorConfigError(`unknown operator ${String((c as { type: unknown }).type)}`);
    op.validate(c);
  }
  for (const f of findings) {
    if (!(Number.isInteger(f.start) && Number.isInteger(f.end) && f.start >= 0 && f.end <= text.length && f.start < f.end)) {
      throw new OperatorConfigError('finding outside the text');
    }
  }
  const spans = resolveConflicts(findings);
  const replacements: string[] = [];
  const ops: OperatorConfig[] = [];
  for (const f of spans) {
    const c: OperatorConfig = configs[f.entityType] ?? configs.DEFAULT ?? { type: 'replace' };
    ops.push(c);
    replacements.push(OPERATORS[c.type]!.operate(text.slice(f.start, f.end), f.entityType, c));
  }
  // build right-to-left into parts, then compute new offsets left-to-right
  const parts: string[] = [];
  let cursor = text.length;
  for (let i = spans.length - 1; i >= 0; i--) {
    parts.push(text.slice(spans[i]!.end, cursor), replacements[i]!);
    cursor = spans[i]!.start;
  }
  parts.push(text.slice(0, cursor));
  const out = parts.reverse().join('');
  const items: AnonymizedItem[] = [];
  let shift = 0;
  for (let i = 0; i < spans.length; i++) {
    const f = spans[i]!;
    const r = replacements[i]!;
    const start = f.start + shift;
    items.push({ entityType: f.entityType, start, end: start + r.length, originalStart: f.start, originalEnd: f.end, operator: ops[i]!.type });
    shift += r.length - (f.end - f.start);
  }
  return { text: out, items };
}
