/**
 * The analyzer: runs every recognizer over a text and returns sorted, non-overlapping findings.
 * MINIMAL VERSION (skeleton): no normalization, no context enhancement; the core helper replaces it.
 */
import { DEFAULT_RECOGNIZERS } from './recognizers/index.ts';
import type { AnalyzeOptions, Finding, RecognizerOptions } from './types.ts';

/** Default ISO 3166-1 alpha-2 regions for phone numbers written without `+`. */
export const DEFAULT_PHONE_REGIONS = ['US', 'GB', 'FR', 'DE', 'IN', 'BR', 'JP'] as const;

/** Finds personal data in `text`. Never throws on any string input. */
export function analyze(text: string, options: AnalyzeOptions = {}): Finding[] {
  const threshold = options.scoreThreshold ?? 0.4;
  const recOptions: RecognizerOptions = { phoneRegions: options.phoneRegions ?? DEFAULT_PHONE_REGIONS };
  const wanted = options.entities ? new Set(options.entities) : undefined;
  const all: Finding[] = [];
  for (const r of DEFAULT_RECOGNIZERS) {
    if (wanted && !r.entities.some((e) => wanted.has(e))) continue;
    for (const f of r.analyze(text, recOptions)) {
      if (f.score < threshold || (wanted && !wanted.has(f.entityType))) continue;
      all.push({ entityType: f.entityType, start: f.start, end: f.end, score: f.score, recognizer: r.name });
    }
  }
  all.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
  const kept: Finding[] = [];
  for (const f of all) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}
