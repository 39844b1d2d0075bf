/**
 * @enclave/pii — finds personal data in text and protects it.
 * No HTTP, no database: pure functions and small classes over strings.
 */
export * from './types.ts';
export { analyze, DEFAULT_PHONE_REGIONS } from './analyzer.ts';
export { DEFAULT_RECOGNIZERS } from './recognizers/index.ts';
