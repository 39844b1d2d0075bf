import type { Recognizer } from '../types.ts';

/** US_DRIVER_LICENSE recognizer. STUB: returns nothing yet. */
export const usDriverLicenseRecognizer: Recognizer = {
  name: 'us-driver-license',
  entities: ['US_DRIVER_LICENSE'],
  analyze: () => [],
};
