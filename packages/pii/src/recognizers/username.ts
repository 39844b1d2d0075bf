import type { Recognizer } from '../types.ts';

/** USERNAME recognizer. STUB: returns nothing yet. */
export const usernameRecognizer: Recognizer = {
  name: 'username',
  entities: ['USERNAME'],
  analyze: () => [],
};
