/**
 * The place gazetteer behind the LOCATION recognizer: one lookup for a candidate name (any casing,
 * words separated by single spaces) that says what kind of place it is and whether it needs a
 * strong cue.
 *
 * Sources: English country names and aliases from `countries-list` (ISO 3166-1), the hand-kept
 * major cities of `recognizers/data/major-cities.ts`, and the hashed sets built by `build.ts`
 * (`npm run train:places`): GeoNames cities with ≥ 15,000 inhabitants (`cities.bin`) and regions
 * (`regions.bin`: states, provinces, counties, admin-1 areas). Names that are also first or last
 * names or common English words ("Reading", "Mobile", "March", "Nice", "Bath", "Georgia") and
 * lower-case names need a strong cue (`needsCue`).
 * Cost: one Map lookup, then at most two binary searches (≈ 15 probes each).
 */
import { countries } from 'countries-list';
import { AMBIGUOUS_PLACE_NAMES, MAJOR_CITIES } from '../recognizers/data/major-cities.ts';
import { cityOrRegion, isJoinedPlace, isRegionCode } from './cities.ts';
import { defaultModel } from '../person/model.ts';
import { LexFlag } from '../person/lexicon.ts';
import { hashLower } from '../person/tokenizer.ts';

/** What a gazetteer entry names. */
export type PlaceKind = 'country' | 'region' | 'city';

/** A gazetteer hit. */
export interface PlaceEntry {
  kind: PlaceKind;
  /** True when the name is also a given name or common word (or written in lower case). */
  needsCue: boolean;
}

/** Name-list and common-word flags that make a one-word place name need a strong cue. */
const NEEDS_CUE = LexFlag.FIRST | LexFlag.LAST | LexFlag.COMMON10 | LexFlag.COMMON20 | LexFlag.COMMON35 | LexFlag.COMMON50;

/** Country aliases kept even though short (upper-case codes used as names in chat). */
const SHORT_ALIASES = new Set(['UK', 'USA', 'UAE']);

/** Country names in common English use that `countries-list` spells otherwise. */
const EXTRA_COUNTRIES = [
  'the United States', 'the United Kingdom', 'the Netherlands', 'the Philippines', 'England', 'Scotland', 'Wales',
  'Northern Ireland', 'Czech Republic', 'Czechia', 'Turkey', 'Holland', 'Great Britain', 'Britain', 'United States of America',
  'the US', 'the USA', 'the UK', 'South Korea', 'North Korea', 'Russia', 'Vietnam', 'Laos', 'Syria', 'Iran', 'Bolivia',
  'Venezuela', 'Tanzania', 'Moldova', 'Ivory Coast', 'Congo', 'Macedonia', 'North Macedonia', 'Taiwan', 'Palestine',
];

/** Lower-cased name → entry, for the countries and the hand-kept major cities. */
const FIXED: ReadonlyMap<string, PlaceEntry> = buildFixed();

function buildFixed(): Map<string, PlaceEntry> {
  const ambiguous = new Set(AMBIGUOUS_PLACE_NAMES.map((n) => n.toLowerCase()));
  const map = new Map<string, PlaceEntry>();
  const add = (name: string, kind: PlaceKind): void => {
    const key = name.toLowerCase();
    if (!map.has(key)) map.set(key, { kind, needsCue: ambiguous.has(key) });
  };
  for (const c of Object.values(countries)) {
    add(c.name, 'country');
    for (const alias of c.alias ?? []) {
      if (alias.length > 3 || SHORT_ALIASES.has(alias)) add(alias, 'country');
    }
  }
  for (const extra of EXTRA_COUNTRIES) add(extra, 'country');
  for (const city of MAJOR_CITIES) add(city, 'city');
  return map;
}

function isUpperChar(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return ch !== ch.toLowerCase() && ch === ch.toUpperCase();
}

/**
 * A GeoNames city or a region needs a strong cue when its name is lower case or a single word that
 * is also a first or last name or an English word ("Reading", "March", "Florence", "Bath").
 */
function needsStrongCue(name: string): boolean {
  if (!isUpperChar(name.charAt(0))) return true;
  if (name.includes(' ')) return false;
  return (defaultModel().lexicon.get(hashLower(name)) & NEEDS_CUE) !== 0;
}

/**
 * Looks `name` up in every part of the gazetteer.
 * @param name a candidate place name, any casing, words separated by single spaces
 * @returns the entry, or `undefined` when the name is not listed
 */
export function lookupPlace(name: string): PlaceEntry | undefined {
  const fixed = FIXED.get(name.toLowerCase());
  if (fixed !== undefined) return fixed;
  const kind = cityOrRegion(hashLower(name));
  return kind === undefined ? undefined : { kind, needsCue: needsStrongCue(name) };
}

/**
 * Looks a hashtag body up ("newyork", "SaoPaulo", "springfield"): the name as written, then its
 * listed multi-word names written without spaces.
 * @param body the hashtag without `#`
 */
export function lookupHashtag(body: string): PlaceEntry | undefined {
  const direct = lookupPlace(body);
  if (direct !== undefined) return direct;
  return isJoinedPlace(body) ? { kind: 'city', needsCue: false } : undefined;
}

/** True when `code` is a state or province postal code (`TX`, `ON`, `NSW`): only used after "City, ". */
export function isStateCode(code: string): boolean {
  return code.length >= 2 && code.length <= 3 && code === code.toUpperCase() && isRegionCode(code);
}
