/**
 * PERSON recognizer: a hashed-feature averaged-perceptron BIO tagger with name gazetteers,
 * casing shapes and cue words (see `../person/`), trained by `npm run train` on CC BY 4.0
 * social-media data and generated sentences, shipped as `../person/model/person.bin`.
 *
 * Output: one result per full name (first + last name is one span, leading titles such as "Mr."
 * and trailing periods excluded), UTF-16 offsets, end-exclusive, never splitting a surrogate pair.
 * Score 0.45..1: 0.45 + 0.55·tanh(margin / scale), where margin is the smallest per-token
 * score difference between the chosen tag and O inside the span; ≥ 0.5 for confident names.
 * A lone lower-case word that is not a first name and follows no title or cue ("ive", "tar")
 * scores 0.35, below the analyzer's default threshold. A capitalised word that is part of a
 * confident name elsewhere in the same text is reported too (score 0.55).
 * E-mail addresses, URLs, `@handles` and `#hashtags` are whole tokens and never part of a name.
 * After decoding, rules complete spans: a first name takes the unknown capitalised word after it,
 * initials join ("J. Smith", "Phillip K."), and "Doe, Jane" in `From:`/`To:`/`Cc:` lines is one name
 * (see `completeNames` in `../person/tagger.ts`).
 * A single word addressed right after a chat-log speaker tag ("<bob> Filystyn: …") scores 0.35
 * unless a first-name list has it (a nickname); `<nick>` tags and `snake_case` identifiers are never names.
 * Speed: a native-regex screen (`../person/screen.ts`) finds capitalised words, non-ASCII words and
 * lower-case strong cues; only small windows around them are tokenized and tagged (every lower-case
 * word is hashed only in a message without any capital). Linear time.
 * Not thread-safe per call: it reuses one working buffer (Node runs it on one thread).
 */
import type { Recognizer, RecognizerResult } from '../types.ts';
import { defaultModel } from '../person/model.ts';
import { findNames, TaggerState } from '../person/tagger.ts';

const state = new TaggerState();

export const personRecognizer: Recognizer = {
  name: 'person',
  entities: ['PERSON'],
  context: ['name', 'dear', 'mr', 'mrs', 'ms', 'dr', 'reporter', 'signed', 'regards'],
  analyze(text: string): RecognizerResult[] {
    if (text.length === 0) return [];
    return findNames(text, defaultModel(), state).map((s) => ({
      entityType: 'PERSON',
      start: s.start,
      end: s.end,
      score: s.score,
      pattern: 'person-perceptron',
    }));
  },
};
