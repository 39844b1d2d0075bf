/**
 * Enclave's analyzer as an evaluation system: `analyze(text, options)` from `@enclave/pii`
 * with every recognizer and the default score threshold (0.4). `phoneRegions` and `entities`
 * are passed through when given. KNOWN_SUBJECT findings cannot occur (nothing is registered).
 */
import { analyze, type AnalyzeOptions } from '@enclave/pii';
import type { DetectOptions, Span, System } from './types.ts';

/** Builds the Enclave system. */
export function enclaveSystem(): System {
  return {
    name: 'Enclave',
    detect(text, opts?: DetectOptions): Span[] {
      const options: AnalyzeOptions = {};
      if (opts?.phoneRegions) options.phoneRegions = opts.phoneRegions;
      if (opts?.entities) options.entities = opts.entities;
      return analyze(text, options).map((f) => ({ type: f.entityType, start: f.start, end: f.end }));
    },
  };
}
