/**
 * The default recognizer registry: one recognizer per file in this folder, each with its screen.
 *
 * A screen is a predicate over the one shared text pass ({@link TextFacts}, computed once per message
 * by the analyzer): the analyzer skips a recognizer whose screen is false without calling it. Each
 * screen is a necessary condition of a result of that recognizer — the condition its own first
 * lines test (digit counts, a character class, a trigger word of its cue list), so skipping it never
 * changes the output. A chat message without digits, `@`, `:` or cue words costs a few integer tests
 * per recognizer. The PERSON tagger and the LOCATION cue recognizer run on almost every message
 * (capitalized words; prepositions such as "in" and "at" are place cues) and screen little.
 */
import type { Recognizer } from '../types.ts';
import { CHAR, hasGroup, RUN, TriggerGroup, type TextFacts } from '../text/text-facts.ts';
import { usSsnRecognizer } from './us-ssn.ts';
import { CUE_WORDS as DOB_CUES, dateOfBirthRecognizer } from './date-of-birth.ts';
import { ibanRecognizer } from './iban.ts';
import { ipRecognizer } from './ip.ts';
import { CUE_WORDS as PASSPORT_CUES, passportRecognizer } from './passport.ts';
import { creditCardRecognizer } from './credit-card.ts';
import { personRecognizer } from './person.ts';
import { deviceIdRecognizer } from './device-id.ts';
import { streetAddressRecognizer } from './street-address.ts';
import { urlRecognizer } from './url.ts';
import { geoCoordinatesRecognizer } from './geo-coordinates.ts';
import { phoneRecognizer } from './phone.ts';
import { LABEL_WORDS, usernameRecognizer } from './username.ts';
import { CUE_WORDS as DL_CUES, usDriverLicenseRecognizer } from './us-driver-license.ts';
import { emailRecognizer } from './email.ts';
import { locationRecognizer } from './location.ts';
import { ANY_SEPARATOR_RE } from '../places/pairs.ts';
import { macAddressRecognizer } from './mac-address.ts';

/** The word "at": every written-out e-mail address has it ("jane at example dot com", "(at)"). */
const AT_WORD = new TriggerGroup(['at']);

/** `rec` with `screen` (a new object; `rec` itself is unchanged and still screens inside `analyze`). */
function screened(rec: Recognizer, screen: (f: TextFacts) => boolean): Recognizer {
  return { ...rec, screen };
}

/** All built-in recognizers, in no particular order (conflicts are resolved by the analyzer). */
export const DEFAULT_RECOGNIZERS: readonly Recognizer[] = [
  // 9 digits (AAA-GG-SSSS or nine in a row)
  screened(usSsnRecognizer, (f) => f.digits >= 9),
  screened(dateOfBirthRecognizer, (f) => hasGroup(f, DOB_CUES)),
  // a country code and the two check digits ("DE89")
  screened(ibanRecognizer, (f) => (f.runFlags & RUN.AFTER_LETTER) !== 0),
  // IPv4: four digit runs (dotted or defanged); IPv6: two colons ("::1")
  screened(ipRecognizer, (f) => f.digitRuns >= 4 || f.colons >= 2),
  // non-ASCII text may hold the CJK/Korean cues or letters `/iu` folds to ASCII
  screened(passportRecognizer, (f) => (f.classes & CHAR.NON_ASCII) !== 0 || hasGroup(f, PASSPORT_CUES)),
  // 12 digits at least (the shortest card number)
  screened(creditCardRecognizer, (f) => f.digits >= 12),
  // the tagger looks at words: ASCII letters or any other script
  screened(personRecognizer, (f) => (f.classes & (CHAR.LETTER | CHAR.NON_ASCII)) !== 0),
  // IMEI: 15 digits; UUID-shaped ids: four hyphens; 16-hex Android ids: a digit
  screened(deviceIdRecognizer, (f) => f.digits > 0 || f.hyphens >= 4),
  // every street form, box and cued lower-case address has a house or box number
  // …except intersections ("the corner of Main Street and Oak Avenue", `street-address-corner.ts`)
  screened(streetAddressRecognizer, (f) => (f.runFlags & RUN.HOUSE_NUMBER) !== 0 || f.text.includes('orner of') || f.text.includes('ORNER OF')),
  // "://", "www." or "<host>.com/"
  screened(urlRecognizer, (f) => f.dots > 0 || (f.colons > 0 && (f.classes & CHAR.SLASH) !== 0)),
  // a latitude and a longitude, one with a decimal point or a degree sign after a digit
  screened(geoCoordinatesRecognizer, (f) => f.digits >= 2 && (f.runFlags & RUN.DOT_OR_DEGREE_AFTER) !== 0),
  // a dialable number has 7 digits; a spelled one three digit words (trigger words)
  screened(phoneRecognizer, (f) => f.digits >= 7 || f.triggerIds.length >= 3),
  // "@handle", a label word ("username:"), or letters `/iu` folds to ASCII
  screened(usernameRecognizer, (f) => (f.classes & (CHAR.AT | CHAR.FOLDS_TO_ASCII)) !== 0 || hasGroup(f, LABEL_WORDS)),
  screened(usDriverLicenseRecognizer, (f) => hasGroup(f, DL_CUES)),
  // "@", or the word "at" of a written-out address
  screened(emailRecognizer, (f) => (f.classes & CHAR.AT) !== 0 || hasGroup(f, AT_WORD)),
  // a cue word ("in", "from", "city", …): all of them are trigger words; without a cue, a place
  // hashtag ("#newyork", `places/hashtags.ts`) or a pair/address-block separator (`places/pairs.ts`)
  screened(locationRecognizer, (f) => f.triggerIds.length > 0 || (f.classes & CHAR.HASH) !== 0 || ANY_SEPARATOR_RE.test(f.text)),
  // six hex pairs split by five ":" or "-", or Cisco's three groups split by two "."
  screened(macAddressRecognizer, (f) => f.colons >= 5 || f.hyphens >= 5 || f.dots >= 2),
];
