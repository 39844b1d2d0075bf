import type { Recognizer } from '../types.ts';

/** URL recognizer. STUB: returns nothing yet. */
export const urlRecognizer: Recognizer = {
  name: 'url',
  entities: ['URL'],
  analyze: () => [],
};
