/**
 * The default recognizer registry: one recognizer per file in this folder.
 */
import type { Recognizer } from '../types.ts';
import { usSsnRecognizer } from './us-ssn.ts';
import { dateOfBirthRecognizer } from './date-of-birth.ts';
import { ibanRecognizer } from './iban.ts';
import { ipRecognizer } from './ip.ts';
import { passportRecognizer } from './passport.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { personRecognizer } from './person.ts';
import { deviceIdRecognizer } from './device-id.ts';
import { streetAddressRecognizer } from './street-address.ts';
import { urlRecognizer } from './url.ts';
import { geoCoordinatesRecognizer } from './geo-coordinates.ts';
import { phoneRecognizer } from './phone.ts';
import { usernameRecognizer } from './username.ts';
import { usDriverLicenseRecognizer } from './us-driver-license.ts';
import { emailRecognizer } from './email.ts';
import { locationRecognizer } from './location.ts';
import { macAddressRecognizer } from './mac-address.ts';

/** All built-in recognizers, in no particular order (conflicts are resolved by the analyzer). */
export const DEFAULT_RECOGNIZERS: readonly Recognizer[] = [
  usSsnRecognizer,
  dateOfBirthRecognizer,
  ibanRecognizer,
  ipRecognizer,
  passportRecognizer,
  creditCardRecognizer,
  personRecognizer,
  deviceIdRecognizer,
  streetAddressRecognizer,
  urlRecognizer,
  geoCoordinatesRecognizer,
  phoneRecognizer,
  usernameRecognizer,
  usDriverLicenseRecognizer,
  emailRecognizer,
  locationRecognizer,
  macAddressRecognizer,
];
