import type { Recognizer } from '../types.ts';

/** STREET_ADDRESS recognizer. STUB: returns nothing yet. */
export const streetAddressRecognizer: Recognizer = {
  name: 'street-address',
  entities: ['STREET_ADDRESS'],
  analyze: () => [],
};
