import type { Recognizer } from '../types.ts';

/** GEO_COORDINATES recognizer. STUB: returns nothing yet. */
export const geoCoordinatesRecognizer: Recognizer = {
  name: 'geo-coordinates',
  entities: ['GEO_COORDINATES'],
  analyze: () => [],
};
