/**
 * Hashtags that name a place ("#Springfield", "#newyork", "#SaoPaulo"), found without a cue word:
 * the body after `#` (letters only, 4–40 of them) is looked up as written and as a multi-word name
 * written without spaces. Names that need a cue (given names, common words: "#reading", "#nice")
 * are left alone. The span includes the `#` (as social-media annotations mark it).
 * Cost: one `indexOf('#')` scan; per hashtag one word scan and at most three hash lookups.
 */
import type { RecognizerResult } from '../types.ts';
import { lookupHashtag } from './gazetteer.ts';

/** Letters of a hashtag body, sticky. */
const BODY_RE = /\p{L}[\p{L}\p{M}]*/uy;

/**
 * Finds LOCATION spans of place hashtags; see the module comment.
 * @param text the recognizer's view of the message
 * @returns results with pattern `hashtag`
 */
export function findPlaceHashtags(text: string): RecognizerResult[] {
  const out: RecognizerResult[] = [];
  for (let at = text.indexOf('#'); at >= 0; at = text.indexOf('#', at + 1)) {
    const prev = text.charCodeAt(at - 1);
    if (at > 0 && !(prev === 32 || prev === 9 || prev === 10 || prev === 40)) continue; // not "a#b", "&#123"
    BODY_RE.lastIndex = at + 1;
    if (BODY_RE.exec(text) === null) continue;
    const end = BODY_RE.lastIndex;
    const next = text.charCodeAt(end);
    if ((next >= 48 && next <= 57) || next === 95 || end - at - 1 < 4 || end - at - 1 > 40) continue;
    const entry = lookupHashtag(text.slice(at + 1, end));
    if (entry !== undefined && !entry.needsCue) out.push({ entityType: 'LOCATION', start: at, end, score: 0.6, pattern: 'hashtag' });
    at = end - 1;
  }
  return out;
}
