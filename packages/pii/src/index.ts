/**
 * @enclave/pii — finds personal data in text and protects it.
 * No HTTP, no database: pure functions and small classes over strings.
 */
export * from './types.ts';
export { analyze, createAnalyzer, DEFAULT_PHONE_REGIONS, DEFAULT_SCORE_THRESHOLD } from './analyzer.ts';
export type { Analyzer, AnalyzerConfig } from './analyzer.ts';
export { DEFAULT_RECOGNIZERS } from './recognizers/index.ts';
export { normalizeView, toOriginalSpan } from './normalize/normalize.ts';
export type { NormalizedView } from './normalize/normalize.ts';
export { enhanceWithContext, CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT, WINDOW_BEFORE, WINDOW_AFTER } from './context.ts';
export { resolveConflicts, TYPE_PRIORITY } from './conflicts.ts';
export { KnownSubjectIndex, MAX_NGRAM, canonicalKey } from './known-subjects/index.ts';
export { checkSubjectValue, expandIpv6, type CheckedValue, type SubjectValueKind } from './known-subjects/subject-values.ts';
export { anonymize } from './operators/anonymize.ts';
export type { AnonymizeResult, AnonymizedItem, OperatorConfigByType } from './operators/anonymize.ts';
export { OPERATORS, OperatorConfigError } from './operators/operators.ts';
export type { Operator, OperatorConfig } from './operators/operators.ts';
export { luhnValid } from './validators/luhn.ts';
export { ibanMod97Valid } from './validators/mod97.ts';
export { analyzeAsShown, shownView, type ShownAnalyze, type ShownView } from './shown/shown-view.ts';
