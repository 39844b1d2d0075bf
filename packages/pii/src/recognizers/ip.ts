import type { Recognizer } from '../types.ts';

/** IP_ADDRESS recognizer. STUB: returns nothing yet. */
export const ipRecognizer: Recognizer = {
  name: 'ip',
  entities: ['IP_ADDRESS'],
  analyze: () => [],
};
