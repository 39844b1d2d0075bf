import type { Recognizer } from '../types.ts';

/** DEVICE_ID recognizer. STUB: returns nothing yet. */
export const deviceIdRecognizer: Recognizer = {
  name: 'device-id',
  entities: ['DEVICE_ID'],
  analyze: () => [],
};
