import type { Recognizer } from '../types.ts';

/** DATE_OF_BIRTH recognizer. STUB: returns nothing yet. */
export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  entities: ['DATE_OF_BIRTH'],
  analyze: () => [],
};
