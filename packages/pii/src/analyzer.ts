/**
 * The analyzer (Presidio's `AnalyzerEngine`): normalize → recognizers → context enhancement →
 * known subjects → map back to original offsets → score threshold → conflict strategy.
 *
 * 1. {@link normalizeView}: recognizers see an evasion-robust view (NFKC, zero-width stripped,
 *    homoglyphs folded); ASCII text is its own view.
 * 2. One shared text pass over the view ({@link factsOf}: digit and separator counts, character
 *    classes, trigger words); each recognizer of the registry whose entities are wanted and whose
 *    `screen` passes on those facts runs on the view — the others are skipped without a call.
 * 3. {@link enhanceWithContext}: whole-word cues near a result raise its score (+0.35, floor 0.4, cap 1).
 * 4. The {@link KnownSubjectIndex}, if any, adds `KNOWN_SUBJECT` results (score 1.0).
 * 5. Spans map back to the original UTF-16 offsets ({@link toOriginalSpan}); results scoring below
 *    `scoreThreshold` (default 0.4) are dropped.
 * 6. {@link resolveConflicts}: higher score, then longer span, then type priority wins — except that a
 *    structured finding replaces the free-text findings (PERSON, LOCATION, USERNAME) it contains;
 *    output sorted by start, non-overlapping.
 * 7. With `conversationMemory`: words of earlier PERSON/LOCATION findings are found again
 *    ({@link applyConversationMemory}); this text's are remembered.
 * 8. {@link markPlaceTies}: each LOCATION finding gets `tiedToPerson`.
 */
import { DEFAULT_RECOGNIZERS } from './recognizers/index.ts';
import { normalizeView, toOriginalSpan } from './normalize/normalize.ts';
import { enhanceWithContext } from './context.ts';
import { resolveConflicts } from './conflicts.ts';
import type { KnownSubjectIndex } from './known-subjects/index.ts';
import { applyConversationMemory } from './person/memory.ts';
import { markPlaceTies } from './places/tie.ts';
import { factsOf } from './text/text-facts.ts';
import type { AnalyzeOptions, EntityType, Finding, Recognizer, RecognizerOptions, RecognizerResult } from './types.ts';

/** Default ISO 3166-1 alpha-2 regions for phone numbers written without `+`. */
export const DEFAULT_PHONE_REGIONS = ['US', 'GB', 'FR', 'DE', 'IN', 'BR', 'JP'] as const;
/** Default minimum score of a reported finding. */
export const DEFAULT_SCORE_THRESHOLD = 0.4;

/** Recognizer options when `analyze()` is given no `phoneRegions` (one object for all calls). */
const DEFAULT_RECOGNIZER_OPTIONS: RecognizerOptions = { phoneRegions: DEFAULT_PHONE_REGIONS };
const NO_WORDS: readonly string[] = [];
const NO_OPTIONS: AnalyzeOptions = {};
const NO_SUPPORTING: { supportingSubjects?: ReadonlySet<string> } = {};

/** How to build an analyzer. */
export interface AnalyzerConfig {
  /** Recognizer registry (default {@link DEFAULT_RECOGNIZERS}). */
  recognizers?: readonly Recognizer[];
  /** Known-subject index used when `analyze()` options give none. */
  knownSubjects?: KnownSubjectIndex;
}

/** An analyzer bound to a recognizer registry. */
export interface Analyzer {
  readonly recognizers: readonly Recognizer[];
  /** Finds personal data in `text`; see {@link analyze}. */
  analyze(text: string, options?: AnalyzeOptions): Finding[];
}

function toFinding(view: ReturnType<typeof normalizeView>, r: RecognizerResult, recognizer: string, explain: boolean, boost: number, word: string | undefined, baseScore: number, score: number): Finding | undefined {
  const [start, end] = toOriginalSpan(view, r.start, r.end);
  if (end <= start) return undefined;
  const f: Finding = { entityType: r.entityType, start, end, score, recognizer };
  if (r.subjectId !== undefined) f.subjectId = r.subjectId;
  if (r.subjectIds !== undefined) f.subjectIds = r.subjectIds;
  if (explain) {
    const notes: string[] = [];
    if (!view.identity && (start !== r.start || end !== r.end || view.text.slice(r.start, r.end) !== view.original.slice(start, end))) {
      notes.push('matched on the normalized view');
    }
    f.explanation = { baseScore, contextBoost: boost, notes };
    if (r.pattern !== undefined) f.explanation.pattern = r.pattern;
    if (r.validator !== undefined) f.explanation.validator = r.validator;
    if (word !== undefined) f.explanation.contextWord = word;
  }
  return f;
}

/**
 * Builds an analyzer over a recognizer registry (Presidio's `RecognizerRegistry`): pass
 * `[...DEFAULT_RECOGNIZERS, myRecognizer]` to add one.
 */
export function createAnalyzer(config: AnalyzerConfig = {}): Analyzer {
  const recognizers = config.recognizers ?? DEFAULT_RECOGNIZERS;
  return {
    recognizers,
    analyze(text: string, options: AnalyzeOptions = NO_OPTIONS): Finding[] {
      if (typeof text !== 'string' || text.length === 0) return [];
      const threshold = options.scoreThreshold ?? DEFAULT_SCORE_THRESHOLD;
      const explain = options.explain === true;
      const recOptions: RecognizerOptions = options.phoneRegions ? { phoneRegions: options.phoneRegions } : DEFAULT_RECOGNIZER_OPTIONS;
      const wanted: ReadonlySet<EntityType> | undefined = options.entities ? new Set(options.entities) : undefined;
      const view = normalizeView(text);
      // the one shared text pass; recognizers that read it (factsOf) get the same memoized object
      const facts = factsOf(view.text);
      const candidates: Finding[] = [];
      for (let k = 0; k < recognizers.length; k++) {
        const rec = recognizers[k]!;
        if (rec.screen !== undefined && !rec.screen(facts)) continue;
        if (wanted && !rec.entities.some((e) => wanted.has(e))) continue;
        const results = rec.analyze(view.text, recOptions);
        if (results.length === 0) continue;
        const words = rec.context ?? NO_WORDS;
        for (let j = 0; j < results.length; j++) {
          const r = results[j]!;
          if (wanted && !wanted.has(r.entityType)) continue;
          const ctx = enhanceWithContext(view.text, r.start, r.end, r.score, words);
          if (ctx.score < threshold) continue;
          const f = toFinding(view, r, rec.name, explain, ctx.boost, ctx.word, r.score, ctx.score);
          if (f) candidates.push(f);
        }
      }
      const known = options.knownSubjects ?? config.knownSubjects;
      if (known && (!wanted || wanted.has('KNOWN_SUBJECT'))) {
        const alone = options.supportingSubjects && options.supportingSubjects.length > 0 ? { supportingSubjects: new Set(options.supportingSubjects) } : NO_SUPPORTING;
        for (const r of known.match(view.text, alone)) {
          const f = toFinding(view, r, 'known-subjects', explain, 0, undefined, r.score, r.score);
          if (f && f.score >= threshold) candidates.push(f);
        }
      }
      const resolved = candidates.length <= 1 ? candidates : !explain ? resolveConflicts(candidates) : resolveConflicts(candidates, (dropped, winner) => {
        winner.explanation?.notes.push(`won conflict against ${dropped.entityType} [${dropped.start},${dropped.end}) score ${dropped.score.toFixed(2)}`);
      });
      // 7. conversation memory (caller-owned): recall earlier names/places, remember this text's
      const out = options.conversationMemory ? applyConversationMemory(text, resolved, options.conversationMemory, wanted, explain) : resolved;
      // 8. is each place tied to a person in its sentence?
      markPlaceTies(text, out);
      return out;
    },
  };
}

const defaultAnalyzer = createAnalyzer();

/**
 * Finds personal data in `text` with the default registry.
 * @param text any string (lone surrogates, NUL, any length); never throws on string input.
 * @returns findings with UTF-16 offsets into `text`, end-exclusive, sorted by start, non-overlapping.
 */
export function analyze(text: string, options: AnalyzeOptions = NO_OPTIONS): Finding[] {
  return defaultAnalyzer.analyze(text, options);
}
