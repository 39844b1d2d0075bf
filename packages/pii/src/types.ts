/**
 * Core types of the Enclave privacy engine.
 *
 * Offsets everywhere are UTF-16 code units into the text given to `analyze()`,
 * half-open (`start` inclusive, `end` exclusive), never splitting a surrogate pair.
 * Entity names follow Microsoft Presidio's (https://microsoft.github.io/presidio/supported_entities/).
 */

import type { KnownSubjectIndex } from './known-subjects/index.ts';
import type { TextFacts } from './text/text-facts.ts';

/** Every entity type the engine can report. */
export const ENTITY_TYPES = [
  'PERSON',
  'USERNAME',
  'EMAIL_ADDRESS',
  'PHONE_NUMBER',
  'IP_ADDRESS',
  'DEVICE_ID',
  'MAC_ADDRESS',
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'US_DRIVER_LICENSE',
  'US_PASSPORT',
  'PASSPORT',
  'DATE_OF_BIRTH',
  'STREET_ADDRESS',
  'LOCATION',
  'GEO_COORDINATES',
  'URL',
  'KNOWN_SUBJECT',
] as const;

/** One of {@link ENTITY_TYPES}. */
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Why a finding was reported (present when `explain: true`). */
export interface Explanation {
  /** Score the recognizer gave before context enhancement, 0..1. */
  baseScore: number;
  /** Name of the pattern or method that matched, e.g. `"email-rfc5322-lite"`. */
  pattern?: string;
  /** Name of the checksum/validator that accepted the value, e.g. `"luhn"`, `"iban-mod97"`. */
  validator?: string;
  /** Context word that raised the score, if any. */
  contextWord?: string;
  /** Amount added by context enhancement (0 when none). */
  contextBoost: number;
  /** Free-form notes from the pipeline (normalization applied, conflict won against X, …). */
  notes: string[];
}

/** A span of personal data found in a text. */
export interface Finding {
  entityType: EntityType;
  /** UTF-16 code unit offset, inclusive. */
  start: number;
  /** UTF-16 code unit offset, exclusive. */
  end: number;
  /** Confidence 0..1. */
  score: number;
  /** Name of the recognizer that produced it, e.g. `"email"`. */
  recognizer: string;
  /** For `KNOWN_SUBJECT`: the registered data subject's id (the first, when several share the value). */
  subjectId?: string;
  /** For `KNOWN_SUBJECT` values registered for more than one subject: every one of them (`subjectId` first). */
  subjectIds?: string[];
  /**
   * For `LOCATION`: whether the place is tied to a person in its sentence (a residence cue such as
   * "lives in", or a PERSON/USERNAME/KNOWN_SUBJECT/contact finding in the same sentence); a place
   * alone ("the Paris office") is `false`. The caller's policy decides what that means.
   */
  tiedToPerson?: boolean;
  explanation?: Explanation;
}

/**
 * What a recognizer returns: a finding over the text it was given (the normalized view).
 * `pattern`/`validator` feed the explanation.
 */
export interface RecognizerResult {
  entityType: EntityType;
  start: number;
  end: number;
  score: number;
  pattern?: string;
  validator?: string;
  subjectId?: string;
  /** All subjects of a known value shared by several (see {@link Finding.subjectIds}). */
  subjectIds?: string[];
}

/** Options a recognizer may read while analyzing. */
export interface RecognizerOptions {
  /** ISO 3166-1 alpha-2 regions for phone numbers written without `+`. */
  phoneRegions: readonly string[];
}

/**
 * A recognizer finds one or more entity types in text (Presidio's `EntityRecognizer`).
 * It must be linear-time in the text length and cheap when nothing is there:
 * screen with a fast check (a character test, one sticky regex) before any validator or model.
 */
export interface Recognizer {
  /** Short stable name, e.g. `"email"`, reported in `Finding.recognizer`. */
  readonly name: string;
  /** Entity types it can return. */
  readonly entities: readonly EntityType[];
  /**
   * Context words (lower case, whole words) that raise the score of this recognizer's
   * results when they appear near the span (see `context.ts`). Recognizers whose candidates
   * are ambiguous without a cue give them a base score below the default threshold (0.4)
   * and list the cues here.
   */
  readonly context?: readonly string[];
  /** Returns candidate findings over `text` (already normalized), offsets into `text`. */
  analyze(text: string, options: RecognizerOptions): RecognizerResult[];
  /**
   * Optional screen over the shared text pass of the normalized text ({@link TextFacts}): when it
   * returns false the analyzer skips the recognizer without calling it. It must return true whenever
   * `analyze` could return a result (a necessary condition), and be O(1): no scan of the text.
   */
  readonly screen?: (facts: TextFacts) => boolean;
}

/** Options of `analyze()`. */
export interface AnalyzeOptions {
  /** Only report these types (default: all). */
  entities?: readonly EntityType[];
  /** Drop findings scoring below this (default 0.4). */
  scoreThreshold?: number;
  /** ISO 3166-1 alpha-2 default regions for phone numbers without `+` (default US, GB, FR, DE, IN, BR, JP). */
  phoneRegions?: readonly string[];
  /** Attach an {@link Explanation} to each finding. */
  explain?: boolean;
  /** Known values to find (exact data match), reported as `KNOWN_SUBJECT` with score 1.0. */
  knownSubjects?: KnownSubjectIndex;
  /**
   * Data subjects whose supporting values (country, city, date of birth, a name part) are reported
   * without a primary match nearby — the subjects of the case room the text is written in.
   */
  supportingSubjects?: readonly string[];
  /**
   * The memory of the conversation this text belongs to (see `person/memory.ts`): words of earlier
   * PERSON/LOCATION findings are found again (score 0.6, recognizer `conversation-memory`), and the
   * words of this text's PERSON/LOCATION findings are remembered. The caller owns and bounds it.
   */
  conversationMemory?: ConversationMemory;
}

/** Entity types a {@link ConversationMemory} remembers. */
export type MemoryEntityType = 'PERSON' | 'LOCATION';

/**
 * A per-conversation memory of words already found as part of a PERSON or LOCATION, owned by the
 * caller (the analyzer keeps no state). Words are passed lower-cased; an implementation should keep
 * only keyed hashes of them (no plain text) and a bounded number of entries.
 */
export interface ConversationMemory {
  /** Number of remembered words (0: the analyzer skips the recall pass). */
  readonly size: number;
  /** The entity type remembered for the lower-cased `word`, or undefined. */
  recall(word: string): MemoryEntityType | undefined;
  /** Remembers the lower-cased `word` as part of a finding of `entityType`. */
  remember(word: string, entityType: MemoryEntityType): void;
}
