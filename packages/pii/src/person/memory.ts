/**
 * Conversation memory, the chat form of document-level features (Ratinov & Roth 2009, §5: a word
 * tagged as part of a name earlier in the document is a name again later): words of the PERSON and
 * LOCATION findings of one message are handed to the caller's {@link ConversationMemory}; in later
 * messages of the same conversation a word the memory recalls is reported again, in any casing
 * ("Jane Doe" found once → a later "jane" or "DOE" is PERSON too), later in the same message as well.
 *
 * No state lives here: the memory (bounded, keyed hashes, one per conversation) belongs to the
 * caller (the server keeps one per channel). Titles, cue words and common English words that are
 * frequent in running text (the PERSON lexicon's flags) are neither remembered nor recalled, so
 * "will" or "mark" in an unrelated sentence stays plain text.
 *
 * Only capitalised words of findings scoring ≥ 0.5 are remembered (lower-case hits are the tagger's
 * weakest); a one-word finding only when a name list (PERSON) or the gazetteer (LOCATION) has the
 * word or it scores ≥ 0.8 (an unknown capitalised word — a product, a chat word — would otherwise
 * spread to every later message). A word glued to a path, file name or identifier ("/dev/", ".deb")
 * is not recalled.
 *
 * Cost: nothing when the memory is empty; otherwise one pass over the text's letter runs, one
 * lexicon lookup per word, and one `recall` per word that is not common.
 */
import type { ConversationMemory, EntityType, Finding, MemoryEntityType } from '../types.ts';
import { defaultModel } from './model.ts';
import { LexFlag } from './lexicon.ts';
import { hashLower } from './tokenizer.ts';

/** Score of a finding recalled from the conversation memory (above the default threshold 0.4). */
export const MEMORY_SCORE = 0.6;
/** Shortest word (UTF-16 code units) that is remembered or recalled. */
export const MEMORY_MIN_WORD = 2;
/** Longest word (UTF-16 code units) that is remembered or recalled. */
export const MEMORY_MAX_WORD = 40;

const NEVER = LexFlag.NOT_NAME | LexFlag.TITLE | LexFlag.CUE | LexFlag.STRONG_CUE;
const COMMON = LexFlag.COMMON10 | LexFlag.COMMON20;
/** A run of letters (with inner apostrophes or hyphens): one memory word. */
const WORD_RE = /\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*/gu;

function isMemoryType(t: EntityType): t is MemoryEntityType {
  return t === 'PERSON' || t === 'LOCATION';
}

/**
 * True for a word worth remembering/recalling: long enough, no title, cue or other not-a-name word,
 * and not a common English word that is also frequent in the training text ("will", "young",
 * "mark" stay out; "doe", rare in running text, stays in).
 */
function memorable(word: string): boolean {
  if (word.length < MEMORY_MIN_WORD || word.length > MEMORY_MAX_WORD) return false;
  const f = defaultModel().lexicon.get(hashLower(word));
  return (f & NEVER) === 0 && ((f & COMMON) === 0 || (f & LexFlag.VOCAB) === 0);
}

/**
 * Applies the conversation memory to the analyzer's final findings of `text`: adds the words the
 * memory recalls that no finding covers (score {@link MEMORY_SCORE}, recognizer
 * `conversation-memory`), joins them with an adjacent finding of the same type ("jane" + "doe"),
 * then remembers the words of every PERSON/LOCATION finding.
 * @param findings sorted by start, non-overlapping (the analyzer's output); not modified
 * @param wanted the entity types asked for (undefined: all)
 * @returns findings sorted by start, non-overlapping
 */
export function applyConversationMemory(
  text: string,
  findings: readonly Finding[],
  memory: ConversationMemory,
  wanted?: ReadonlySet<EntityType>,
  explain = false,
): Finding[] {
  let out: Finding[] = findings.slice();
  if (memory.size > 0) out = recallWords(text, out, memory, wanted, explain);
  let learned = false;
  for (const f of out) {
    if (!isMemoryType(f.entityType) || f.recognizer === 'conversation-memory' || f.score < MEMORY_MIN_SCORE) continue;
    const value = text.slice(f.start, f.end);
    const words = value.match(WORD_RE) ?? [];
    for (const word of words) {
      // only capitalised words are remembered: lower-case hits ("deb", "dev") are the tagger's weakest
      if (word.length < MEMORY_MIN_REMEMBER || !isUpperStart(word)) continue;
      const w = word.toLowerCase();
      // a one-word finding is remembered only when a list backs it or the score is high: an unknown
      // capitalised word (a product, a chat word) would otherwise be found in every later message
      if (words.length === 1 && f.score < MEMORY_SINGLE_SCORE && !listed(w, f.entityType)) continue;
      if (memorable(w)) {
        memory.remember(w, f.entityType);
        learned = true;
      }
    }
  }
  // the same message too: "Jane Doe reported it … later jane doe said" (red team 4)
  return learned ? recallWords(text, out, memory, wanted, explain) : out;
}

/** Shortest word that is remembered (recall also finds shorter ones remembered by others). */
const MEMORY_MIN_REMEMBER = 3;
/** Lowest score of a finding whose words are remembered. */
const MEMORY_MIN_SCORE = 0.5;
/** Lowest score of a one-word finding that no name list or gazetteer backs, to be remembered. */
const MEMORY_SINGLE_SCORE = 0.8;

/** Is the lower-cased `w` in a name list (PERSON) or the place gazetteer (LOCATION)? */
function listed(w: string, type: EntityType): boolean {
  const f = defaultModel().lexicon.get(hashLower(w));
  return (f & (type === 'PERSON' ? LexFlag.FIRST | LexFlag.LAST | LexFlag.NAME_LIST : LexFlag.PLACE)) !== 0;
}

function isUpperStart(w: string): boolean {
  const c = w.charAt(0);
  return c !== c.toLowerCase() && c === c.toUpperCase();
}

/**
 * True when the word at [start, end) is glued to a path, file name or identifier ("/dev/", ".deb",
 * "foo_bar", "x86-64"): such words are not recalled.
 */
function inIdentifier(text: string, start: number, end: number): boolean {
  const before = start > 0 ? text.charCodeAt(start - 1) : 32;
  const after = end < text.length ? text.charCodeAt(end) : 32;
  const glue = (c: number): boolean => c === 47 || c === 92 || c === 95 || c === 45 || c === 64 || (c >= 48 && c <= 57);
  if (glue(before) || before === 46 || glue(after)) return true;
  // "name.ext": a dot followed by a letter or digit
  return after === 46 && end + 1 < text.length && /[\p{L}\p{N}]/u.test(text.charAt(end + 1));
}

function recallWords(text: string, findings: Finding[], memory: ConversationMemory, wanted: ReadonlySet<EntityType> | undefined, explain: boolean): Finding[] {
  const added: Finding[] = [];
  let q = 0;
  WORD_RE.lastIndex = 0;
  for (let m = WORD_RE.exec(text); m !== null; m = WORD_RE.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    while (q < findings.length && findings[q]!.end <= start) q++;
    if (q < findings.length && findings[q]!.start < end) continue; // covered by a finding already
    if (inIdentifier(text, start, end)) continue;
    const w = m[0].toLowerCase();
    if (!memorable(w)) continue;
    const type = memory.recall(w);
    if (type === undefined || (wanted !== undefined && !wanted.has(type))) continue;
    const f: Finding = { entityType: type, start, end, score: MEMORY_SCORE, recognizer: 'conversation-memory' };
    if (explain) f.explanation = { baseScore: MEMORY_SCORE, pattern: 'conversation-memory', contextBoost: 0, notes: [] };
    added.push(f);
  }
  if (added.length === 0) return findings;
  const all = [...findings, ...added].sort((a, b) => a.start - b.start);
  // join neighbours of one type separated by blanks only ("jane" + "doe" → "jane doe")
  const out: Finding[] = [];
  for (const f of all) {
    const last = out[out.length - 1];
    if (
      last !== undefined && last.entityType === f.entityType && isMemoryType(f.entityType)
      && (last.recognizer === 'conversation-memory' || f.recognizer === 'conversation-memory')
      && f.start - last.end <= 2 && /^[ \t]*$/.test(text.slice(last.end, f.start))
    ) {
      const keep = last.recognizer === 'conversation-memory' ? f : last;
      out[out.length - 1] = { ...keep, start: last.start, end: f.end, score: Math.max(last.score, f.score) };
    } else out.push(f);
  }
  return out;
}
