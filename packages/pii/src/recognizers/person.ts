/**
 * PERSON recognizer: a hashed-feature averaged-perceptron BIO tagger over four classes (PERSON,
 * LOCATION, ORGANIZATION, MISC; only PERSON and LOCATION are reported) with name and place
 * gazetteers, casing shapes and cue words (see `../person/`), trained by `npm run train` on
 * CoNLL-2003, Broad Twitter, WNUT-17 and Enron train splits and generated sentences, shipped as
 * `../person/model/person.bin`. Places the tagger finds are reported as LOCATION (pattern
 * `tagger-location`, same score formula as names, at most 0.8).
 *
 * Output: one result per full name (first + last name is one span, leading titles such as "Mr."
 * and trailing periods excluded), UTF-16 offsets, end-exclusive, never splitting a surrogate pair.
 * Score 0.45..1: 0.45 + 0.55·tanh(margin / scale), where margin is the smallest per-token
 * score difference between the chosen tag and O inside the span; ≥ 0.5 for confident names.
 * A lone lower-case word that is not a first name and follows no title or cue ("ive", "tar")
 * scores 0.35, below the analyzer's default threshold. A capitalised word that is part of a
 * confident name elsewhere in the same text is reported too (score 0.55).
 * E-mail addresses, URLs, `@handles` and `#hashtags` are whole tokens and never part of a name.
 * No name runs across a line break (a decoding constraint). After decoding, rules complete spans: a
 * first name takes the unknown capitalised word after it, initials join ("J. Smith", "Phillip K.",
 * the final initial's period included), a generational suffix joins ("John Doe Jr.", "Jane Roe, Sr.",
 * "Richard Roe III"), and "Doe, Jane" in `From:`/`To:`/`Cc:` lines is one name
 * (see `completeNames` in `../person/tagger.ts`).
 * A single word addressed right after a chat-log speaker tag ("<bob> Filystyn: …"), or with a colon at
 * the start of a message or line ("Filystyn: …"), scores 0.35 unless a first-name list has it (a
 * participant's handle); `<nick>` tags and `snake_case` identifiers are never names.
 * Chat conventions that are not names score 0.35 too: a lone unlisted word opening a sentence when the
 * tagger is unsure (score < 0.6: "Heyy wat time"), a lone all-caps word in a mixed-case line with no
 * cue before it (an acronym), and shouted spans (all-caps line) no name list has; an initial alone
 * ("P.") is never a name. Tagger places are dropped when they are one letter, follow a dot inside a
 * token ("co.uk"), are shouted and not in the gazetteer, are such an addressee, or are a lone
 * lower-case or sentence-opening word the gazetteer lacks.
 * Speed: a native-regex screen (`../person/screen.ts`) finds capitalised words, non-ASCII words and
 * lower-case strong cues; only small windows around them are tokenized and tagged (every lower-case
 * word is hashed only in a message without any capital). Linear time.
 * Not thread-safe per call: it reuses one working buffer (Node runs it on one thread).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { defaultModel } from '../person/model.ts';
import { findEntities, TaggerState } from '../person/tagger.ts';

const state = new TaggerState();
/** Highest score of a tagger LOCATION. */
const LOCATION_CAP = 0.8;

/** PERSON (and the tagger's LOCATION) recognizer; see the module comment. */
export const personRecognizer: Recognizer = {
  name: 'person',
  entities: ['PERSON', 'LOCATION'],
  context: ['name', 'dear', 'mr', 'mrs', 'ms', 'dr', 'reporter', 'signed', 'regards'],
  analyze(text: string): RecognizerResult[] {
    if (text.length === 0) return [];
    const { names, places } = findEntities(text, defaultModel(), state);
    const out: RecognizerResult[] = names.map((s) => ({
      entityType: 'PERSON',
      start: s.start,
      end: s.end,
      score: s.score,
      pattern: 'person-perceptron',
    }));
    if (places.length === 0) return out;
    // capped below a whole street address with a house number (0.85), which then wins the overlap
    for (const s of places) out.push({ entityType: 'LOCATION', start: s.start, end: s.end, score: Math.min(s.score, LOCATION_CAP), pattern: 'tagger-location' });
    return out.sort((a, b) => a.start - b.start);
  },
};
