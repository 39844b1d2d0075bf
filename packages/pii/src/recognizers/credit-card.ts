import type { Recognizer } from '../types.ts';

/** CREDIT_CARD recognizer. STUB: returns nothing yet. */
export const creditCardRecognizer: Recognizer = {
  name: 'credit-card',
  entities: ['CREDIT_CARD'],
  analyze: () => [],
};
