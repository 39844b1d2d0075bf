import type { Recognizer } from '../types.ts';

/** MAC_ADDRESS recognizer. STUB: returns nothing yet. */
export const macAddressRecognizer: Recognizer = {
  name: 'mac-address',
  entities: ['MAC_ADDRESS'],
  analyze: () => [],
};
