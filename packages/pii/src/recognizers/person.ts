import type { Recognizer } from '../types.ts';

/** PERSON recognizer. STUB: returns nothing yet. */
export const personRecognizer: Recognizer = {
  name: 'person',
  entities: ['PERSON'],
  analyze: () => [],
};
