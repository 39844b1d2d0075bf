import type { Recognizer } from '../types.ts';

/** LOCATION recognizer. STUB: returns nothing yet. */
export const locationRecognizer: Recognizer = {
  name: 'location',
  entities: ['LOCATION'],
  analyze: () => [],
};
