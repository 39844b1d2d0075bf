/**
 * US_DRIVER_LICENSE recognizer: licence numbers right after a driver's-licence cue.
 *
 * Cues (case-insensitive): "driver's license", "drivers licence", "driving licence", "DL",
 * "DLN", "license no./number/#", "lic #", "permit number". The first token within 30 UTF-16
 * code units after the cue (fillers like "number", "is", ":", "#", a state code "CA") is the
 * candidate; with hyphens/spaces removed it must match a state shape from
 * `data/us-driver-license-formats.ts` and contain a digit (score 0.85). After a bare "license is"
 * or "license:" (also said of software) it must mix letters and digits and scores 0.3, left to the
 * analyzer's context step ("driver" nearby). Never reported without a cue.
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { US_DL_SHAPE_RE } from './data/us-driver-license-formats.ts';
import { AnchoredScan, TriggerGroup, triggerStarts } from '../text/text-facts.ts';

const CUE_RE =
  /\b(?:driv(?:er'?s?'?|ers|ing)\s+licen[cs]es?|driver\s+licen[cs]e|DLN?\b|D\.L\.|licen[cs]e\s*(?=no\b|num|number|#|nr\b)|(?<weak>licen[cs]e)(?=\s+is\b|\s*:)|lic\.?\s*(?=#|no\b)|driving\s+permit|permit\s+(?=no\b|number|#))/gi;
const FILLER_RE =
  /(?:[\s:#=(\-–—.,]|\b(?:no|nr|num|number|is|was|my|the|id|state|issued|in|by|of|[A-Z]{2}(?=\s*[:#\-\s]\s*[A-Z]?\d)|it's|its|reads)\b)*/iy;
/** Candidate: letters/digits with optional single hyphens or spaces between digit groups. */
const TOKEN_RE = /[A-Z0-9*]+(?:[- ][0-9]+){0,3}(?![\p{L}\p{N}])/iuy;

/** Sticky copy of {@link CUE_RE}. */
const CUE_AT_RE = new RegExp(CUE_RE.source, 'iy');
/**
 * The ASCII letter run a {@link CUE_RE} match starts with (`\b` and the literals are ASCII, so this
 * holds for any text).
 */
export const CUE_WORDS = new TriggerGroup('driver drivers driving dl dln d license licence licenses licences lic permit'.split(' '));

/** Finds licence numbers after cues; see the module comment. */
function analyzeDl(text: string): RecognizerResult[] {
  const results: RecognizerResult[] = [];
  const anchors = triggerStarts(text, CUE_WORDS);
  if (anchors.length === 0) return results;
  const scan = new AnchoredScan(text, CUE_RE, CUE_AT_RE, anchors);
  let from = 0;
  for (let cue = scan.next(from); cue !== null; cue = scan.next(from)) {
    const weak = cue.groups?.weak !== undefined;
    const cueEnd = cue.index + cue[0].length;
    from = cueEnd;
    FILLER_RE.lastIndex = cueEnd;
    FILLER_RE.exec(text);
    const at = FILLER_RE.lastIndex;
    if (at - cueEnd > 30) continue;
    TOKEN_RE.lastIndex = at;
    const tok = TOKEN_RE.exec(text);
    if (tok === null) continue;
    // Try the longest token first, then without trailing space-separated groups.
    let raw = tok[0];
    for (;;) {
      const value = raw.replace(/[- ]/g, '').toUpperCase();
      // After a bare "license is/:" (software licences too) the value must mix letters and digits.
      if (/\d/.test(value) && US_DL_SHAPE_RE.test(value) && (!weak || /[A-Z]/.test(value))) {
        const score = weak ? 0.3 : 0.85;
        results.push({ entityType: 'US_DRIVER_LICENSE', start: at, end: at + raw.length, score, pattern: weak ? 'us-dl-shape+license' : 'us-dl-shape+cue' });
        from = at + raw.length;
        break;
      }
      const cut = raw.lastIndexOf(' ');
      if (cut < 0) break;
      raw = raw.slice(0, cut);
    }
  }
  return results;
}

/** US_DRIVER_LICENSE recognizer (state shapes after a licence cue only). */
export const usDriverLicenseRecognizer: Recognizer = {
  name: 'us-driver-license',
  entities: ['US_DRIVER_LICENSE'],
  context: ['driver', 'drivers', 'driving', 'dl', 'dmv'],
  analyze: (text) => analyzeDl(text),
};
