/**
 * Context enhancement (Presidio's `LemmaContextAwareEnhancer`, simplified to whole-word matching):
 * when one of a recognizer's context words appears as a whole word (case-insensitive; multi-word cues
 * match with any single whitespace/punctuation between words) within the window around a result,
 * its score is raised by {@link CONTEXT_BOOST} and floored at {@link MIN_SCORE_WITH_CONTEXT},
 * capped at 1.0.
 *
 * Window: the {@link WINDOW_BEFORE} UTF-16 code units before the span and the {@link WINDOW_AFTER}
 * after it, in the normalized view (about 5–8 words before and 3–4 after in English chat).
 */
import { isWordChar } from './text/chars.ts';

/** Score added when a context word is found (Presidio's `context_similarity_factor`). */
export const CONTEXT_BOOST = 0.35;
/** Minimum score of a result with context (Presidio's `min_score_with_context_similarity`). */
export const MIN_SCORE_WITH_CONTEXT = 0.4;
/** Code units searched before a span. */
export const WINDOW_BEFORE = 48;
/** Code units searched after a span. */
export const WINDOW_AFTER = 24;

/** Returns the first context word found as a whole word in `window` (already lower-cased). */
function findWord(window: string, words: readonly string[]): string | undefined {
  for (const w of words) {
    let at = window.indexOf(w);
    while (at !== -1) {
      if (!isWordChar(window.charCodeAt(at - 1)) && !isWordChar(window.charCodeAt(at + w.length))) return w;
      at = window.indexOf(w, at + 1);
    }
  }
  return undefined;
}

/** Normalizes separators in a window so multi-word cues match across `-`, `_`, `:`, newlines. */
function flatten(s: string): string {
  return s.toLowerCase().replace(/[\s_:#-]+/g, ' ');
}

/** Result of a context look-up. */
export interface ContextEffect {
  score: number;
  boost: number;
  word?: string;
}

/**
 * Computes the enhanced score of a result `[start, end)` in `text` with base `score`.
 * @param words lower-case cues of the recognizer (multi-word cues use single spaces).
 */
export function enhanceWithContext(text: string, start: number, end: number, score: number, words: readonly string[]): ContextEffect {
  if (score >= 1 || words.length === 0) return { score, boost: 0 };
  const before = flatten(text.slice(Math.max(0, start - WINDOW_BEFORE), start));
  const after = flatten(text.slice(end, end + WINDOW_AFTER));
  const word = findWord(before, words) ?? findWord(after, words);
  if (word === undefined) return { score, boost: 0 };
  const boosted = Math.min(1, Math.max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT));
  return { score: boosted, boost: boosted - score, word };
}
