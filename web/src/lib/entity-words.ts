/**
 * Entity types in words (issue 12, "Words, not codes"): the label and icon a chip shows instead of
 * the Presidio entity name. Icons are decorative (hidden from screen readers); the words carry
 * the meaning. Unknown types fall back to their name in sentence case (`FOO_BAR` → `Foo bar`).
 */

/** How one entity type reads on screen. */
export interface EntityWords {
  /** Sentence-case label, e.g. `E-mail address`. */
  label: string;
  /** One emoji, decorative. */
  icon: string;
}

const WORDS: Record<string, EntityWords> = {
  PERSON: { label: 'Name', icon: '👤' },
  USERNAME: { label: 'Username', icon: '＠' },
  EMAIL_ADDRESS: { label: 'E-mail address', icon: '✉️' },
  PHONE_NUMBER: { label: 'Phone number', icon: '📞' },
  IP_ADDRESS: { label: 'IP address', icon: '🌐' },
  DEVICE_ID: { label: 'Device ID', icon: '📱' },
  MAC_ADDRESS: { label: 'MAC address', icon: '🔌' },
  CREDIT_CARD: { label: 'Card number', icon: '💳' },
  IBAN_CODE: { label: 'Bank account (IBAN)', icon: '🏦' },
  US_SSN: { label: 'Social security number', icon: '🪪' },
  US_DRIVER_LICENSE: { label: "Driver's licence", icon: '🪪' },
  US_PASSPORT: { label: 'Passport number', icon: '🛂' },
  PASSPORT: { label: 'Passport number', icon: '🛂' },
  DATE_OF_BIRTH: { label: 'Date of birth', icon: '🎂' },
  STREET_ADDRESS: { label: 'Street address', icon: '🏠' },
  LOCATION: { label: 'Place', icon: '📍' },
  GEO_COORDINATES: { label: 'Map coordinates', icon: '📍' },
  URL: { label: 'Profile link', icon: '🔗' },
  KNOWN_SUBJECT: { label: "Case subject's data", icon: '🗂️' },
};

/** Label and icon of `entityType`. */
export function entityWords(entityType: string): EntityWords {
  const known = WORDS[entityType];
  if (known) return known;
  const words = entityType.toLowerCase().replace(/_/g, ' ').trim();
  return { label: words ? words[0]?.toUpperCase() + words.slice(1) : 'Personal data', icon: '🔒' };
}

/** The label in running text: `E-mail address` → `e-mail address`, `IP address` stays. */
export function entityNoun(entityType: string): string {
  const { label } = entityWords(entityType);
  return /^[A-Z](?![A-Z])/.test(label) ? label[0]?.toLowerCase() + label.slice(1) : label;
}

/** Every known entity type with its words, for the chip legend. */
export function entityLegend(): Array<{ entityType: string } & EntityWords> {
  return Object.entries(WORDS)
    .filter(([t]) => t !== 'US_PASSPORT')
    .map(([entityType, w]) => ({ entityType, ...w }));
}
