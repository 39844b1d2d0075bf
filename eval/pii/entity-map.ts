/**
 * The one table that maps every label the evaluation meets to Enclave's entity types
 * (`ENTITY_TYPES` in `packages/pii/src/types.ts`), plus one table per peer package.
 *
 * `null` means "seen, deliberately not scored": the label has no equivalent of ours
 * (organisations, dates, titles…). A label missing from a table is an error on load, so a
 * new label in a dataset cannot slip through silently.
 */
import type { EntityType } from '@enclave/pii';

/** Dataset labels (presidio-synth, CoNLL-2003, Broad Twitter, WNUT-17, Enron, field reports, Presidio tests). */
export const LABEL_MAP: Readonly<Record<string, EntityType | null>> = {
  // people
  PERSON: 'PERSON', PER: 'PERSON', person: 'PERSON',
  // places
  GPE: 'LOCATION', LOC: 'LOCATION', LOCATION: 'LOCATION', location: 'LOCATION',
  STREET_ADDRESS: 'STREET_ADDRESS', ADDRESS: 'STREET_ADDRESS',
  GEO_COORDINATE: 'GEO_COORDINATES', GEO_COORDINATES: 'GEO_COORDINATES',
  // contact and network
  EMAIL: 'EMAIL_ADDRESS', EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE: 'PHONE_NUMBER', PHONE_NUMBER: 'PHONE_NUMBER',
  // Presidio's PhoneRecognizer configured for one region (cases.jsonl); same entity for us.
  PH_MOBILE_NUMBER: 'PHONE_NUMBER', TR_PHONE_NUMBER: 'PHONE_NUMBER',
  IP_ADDRESS: 'IP_ADDRESS', MAC_ADDRESS: 'MAC_ADDRESS', DEVICE_ID: 'DEVICE_ID',
  URL: 'URL', USERNAME: 'USERNAME',
  // money and identity documents
  CREDIT_CARD: 'CREDIT_CARD', IBAN: 'IBAN_CODE', IBAN_CODE: 'IBAN_CODE',
  US_SSN: 'US_SSN', US_DRIVER_LICENSE: 'US_DRIVER_LICENSE',
  US_PASSPORT: 'US_PASSPORT', UK_PASSPORT: 'PASSPORT', PASSPORT: 'PASSPORT',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH', BIRTHDAY: 'DATE_OF_BIRTH',
  // seen and not ours
  ORGANIZATION: null, ORG: null, MISC: null, corporation: null, group: null, product: null,
  'creative-work': null, DIG: null, DATE_TIME: null, TITLE: null, AGE: null, NRP: null,
  NATIONALITY: null, ZIP_CODE: null, DOMAIN_NAME: null, PREFIX: null,
};

/**
 * Maps a dataset label to our type. Returns `null` for labels we deliberately do not score;
 * throws `Error` for a label that is in no table (add it above, mapped or `null`).
 */
export function mapLabel(label: string): EntityType | null {
  if (!Object.hasOwn(LABEL_MAP, label)) throw new Error(`entity-map: unknown dataset label '${label}'`);
  return LABEL_MAP[label] ?? null;
}

/** `redact-pii` placeholders (its built-in redactor names, snake-cased upper) → our types. */
export const REDACT_PII_MAP: Readonly<Record<string, EntityType | null>> = {
  PERSON_NAME: 'PERSON', EMAIL_ADDRESS: 'EMAIL_ADDRESS', PHONE_NUMBER: 'PHONE_NUMBER',
  IP_ADDRESS: 'IP_ADDRESS', CREDIT_CARD_NUMBER: 'CREDIT_CARD', US_SOCIAL_SECURITY_NUMBER: 'US_SSN',
  STREET_ADDRESS: 'STREET_ADDRESS', USERNAME: 'USERNAME', URL: 'URL',
  ZIPCODE: null, PASSWORD: null, CREDENTIALS: null, DIGITS: null,
};

/** `@redactpii/node` placeholders → our types. */
export const REDACTPII_NODE_MAP: Readonly<Record<string, EntityType | null>> = {
  PERSON_NAME: 'PERSON', EMAIL_ADDRESS: 'EMAIL_ADDRESS', PHONE_NUMBER: 'PHONE_NUMBER',
  CREDIT_CARD_NUMBER: 'CREDIT_CARD', US_SOCIAL_SECURITY_NUMBER: 'US_SSN', DIGITS: null,
};

/**
 * `@openredaction/openredaction` detection types → our types. It has ~560 pattern types;
 * those listed here correspond to ours, every other type is ignored (counted in the notes).
 */
export const OPENREDACTION_MAP: Readonly<Record<string, EntityType | null>> = {
  NAME: 'PERSON', EMAIL: 'EMAIL_ADDRESS',
  PHONE_INTERNATIONAL: 'PHONE_NUMBER', PHONE_UK: 'PHONE_NUMBER', PHONE_UK_MOBILE: 'PHONE_NUMBER',
  PHONE_US: 'PHONE_NUMBER', PHONE_LINE_NUMBER: 'PHONE_NUMBER',
  IPV4: 'IP_ADDRESS', IPV6: 'IP_ADDRESS', MAC_ADDRESS: 'MAC_ADDRESS',
  IMEI_NUMBER: 'DEVICE_ID', DEVICE_UUID: 'DEVICE_ID', DEVICE_ID_TAG: 'DEVICE_ID',
  CREDIT_CARD: 'CREDIT_CARD', IBAN: 'IBAN_CODE', UK_BANK_ACCOUNT_IBAN: 'IBAN_CODE',
  SSN: 'US_SSN', DRIVING_LICENSE_US: 'US_DRIVER_LICENSE',
  PASSPORT_US: 'US_PASSPORT', PASSPORT_UK: 'PASSPORT', PASSPORT_MRZ_TD1: 'PASSPORT', PASSPORT_MRZ_TD3: 'PASSPORT',
  NEW_ZEALAND_PASSPORT: 'PASSPORT', RUSSIAN_PASSPORT: 'PASSPORT', UKRAINIAN_PASSPORT: 'PASSPORT',
  TURKMENISTAN_PASSPORT: 'PASSPORT', UZBEKISTAN_PASSPORT: 'PASSPORT',
  DATE_OF_BIRTH: 'DATE_OF_BIRTH', ADDRESS_STREET: 'STREET_ADDRESS', ADDRESS_PO_BOX: 'STREET_ADDRESS',
  USERNAME: 'USERNAME', SOCIAL_MEDIA_HANDLE: 'USERNAME', INSTAGRAM_USERNAME: 'USERNAME',
  REDDIT_USERNAME: 'USERNAME', TIKTOK_USERNAME: 'USERNAME', TWITCH_USERNAME: 'USERNAME',
  // Gamertags are account names; in practice this pattern also fires on capitalised names.
  XBOX_GAMERTAG: 'USERNAME',
  LINKEDIN_PROFILE: 'URL', URL_WITH_AUTH: 'URL',
};

/** The set of our types a peer table can produce (its non-null values). */
export function supportedTypes(table: Readonly<Record<string, EntityType | null>>): ReadonlySet<EntityType> {
  return new Set(Object.values(table).filter((t): t is EntityType => t !== null));
}
