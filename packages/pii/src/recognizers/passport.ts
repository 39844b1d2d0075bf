import type { Recognizer } from '../types.ts';

/** PASSPORT and US_PASSPORT recognizer. STUB: returns nothing yet. */
export const passportRecognizer: Recognizer = {
  name: 'passport',
  entities: ['PASSPORT','US_PASSPORT'],
  analyze: () => [],
};
