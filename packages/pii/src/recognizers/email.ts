import type { Recognizer } from '../types.ts';

/** EMAIL_ADDRESS recognizer. STUB: returns nothing yet. */
export const emailRecognizer: Recognizer = {
  name: 'email',
  entities: ['EMAIL_ADDRESS'],
  analyze: () => [],
};
