import type { Recognizer } from '../types.ts';

/** IBAN_CODE recognizer. STUB: returns nothing yet. */
export const ibanRecognizer: Recognizer = {
  name: 'iban',
  entities: ['IBAN_CODE'],
  analyze: () => [],
};
