import type { Recognizer } from '../types.ts';

/** US_SSN recognizer. STUB: returns nothing yet. */
export const usSsnRecognizer: Recognizer = {
  name: 'us-ssn',
  entities: ['US_SSN'],
  analyze: () => [],
};
