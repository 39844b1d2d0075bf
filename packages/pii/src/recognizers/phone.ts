import type { Recognizer } from '../types.ts';

/** PHONE_NUMBER recognizer. STUB: returns nothing yet. */
export const phoneRecognizer: Recognizer = {
  name: 'phone',
  entities: ['PHONE_NUMBER'],
  analyze: () => [],
};
