/**
 * Small hand-written word lists of the PERSON recognizer (lower case). They go into the
 * lexicon as hashes at training time (`scripts/train-person.ts`) and become features;
 * nothing matches them as strings at run time.
 */

/** Honorifics and titles that precede a name but are not part of the PERSON span. */
export const TITLE_WORDS: readonly string[] = [
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'madam', 'madame', 'dame', 'lord', 'lady',
  'rev', 'reverend', 'fr', 'father', 'sister', 'brother', 'herr', 'frau', 'mme', 'mlle', 'monsieur', 'senor',
  'señor', 'señora', 'sra', 'sgt', 'capt', 'captain', 'col', 'gen', 'lt', 'officer', 'det', 'detective',
  'president', 'senator', 'sen', 'rep', 'gov', 'governor', 'mayor', 'judge', 'coach', 'minister', 'king', 'queen',
  'prince', 'princess', 'pope', 'saint', 'uncle', 'aunt', 'auntie', 'grandma', 'grandpa',
];

/** Words after which a (even lower-case) name often follows in chat, mail and reports. */
export const CUE_WORDS: readonly string[] = [
  'dear', 'hi', 'hello', 'hey', 'thanks', 'thx', 'regards', 'signed', 'sincerely', 'cheers', 'cc', 'bcc',
  'from', 'to', 'by', 'named', 'called', 'reporter', 'reported', 'contact', 'attn', 'attention', 'with',
  'name', 'am', 'im', 'said', 'says', 'told', 'asked', 'ask', 'tell', 'call', 'meet', 'met', 'love', 'miss',
  'congrats', 'congratulations', 'happy', 'birthday', 'rip', 'ft', 'feat', 'vs', 'and', 'user', 'customer',
  'victim', 'suspect', 'offender', 'employee', 'manager', 'agent', 'client', 'patient', 'member', 'guardian',
  'beneficiary', 'partner', 'wife', 'husband', 'son', 'daughter', 'mom', 'dad', 'mother', 'friend', 'colleague',
];

/**
 * The subset of cue words after which even a lower-case, unlisted word is looked at as a
 * possible name ("hi tom", "im sam", "dear mr x"); they open a screen window (`screen.ts`).
 */
export const STRONG_CUE_WORDS: readonly string[] = [
  'dear', 'hi', 'hello', 'hey', 'thanks', 'thx', 'regards', 'signed', 'sincerely', 'cheers', 'cc', 'bcc',
  'named', 'called', 'reporter', 'attn', 'im', 'am', 'congrats', 'rip', 'ft', 'feat', 'victim', 'suspect',
  'offender', 'wife', 'husband', 'son', 'daughter', 'mom', 'dad', 'colleague', 'met', 'love',
];

/** Chat and report words that are never a name on their own even when capitalised. */
export const NOT_NAME_WORDS: readonly string[] = [
  'user', 'users', 'reported', 'report', 'reporter', 'admin', 'moderator', 'mod', 'team', 'support', 'staff',
  'bot', 'hi', 'hello', 'hey', 'thanks', 'thank', 'lol', 'ok', 'okay', 'yes', 'no', 'please', 'urgent', 'note',
  'subject', 're', 'fwd', 'fw', 'cc', 'bcc', 'from', 'to', 'sent', 'date', 'dear', 'regards', 'ticket', 'case',
  'escalation', 'account', 'threat', 'threats', 'spam', 'abuse', 'ban', 'banned', 'warning', 'alert', 'update',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march',
  'july', 'september', 'october', 'november', 'december', 'today', 'tomorrow',
  'yesterday', 'omg', 'wtf', 'lmao', 'rt', 'via', 'http', 'https', 'www', 'com',
  'ubuntu', 'linux', 'windows', 'google', 'facebook', 'twitter', 'youtube', 'iphone', 'android', 'apple',
];

/** Words that mark organisations (a capitalised word next to them is rarely a person). */
export const ORG_WORDS: readonly string[] = [
  'inc', 'ltd', 'llc', 'llp', 'corp', 'corporation', 'co', 'company', 'group', 'plc', 'gmbh', 'ag', 'sa', 'bv',
  'university', 'college', 'school', 'academy', 'institute', 'foundation', 'association', 'society', 'bank',
  'club', 'united', 'fc', 'city', 'county', 'council', 'ministry', 'department', 'party', 'union', 'league',
  'airlines', 'airways', 'news', 'times', 'post', 'journal', 'hospital', 'church', 'agency', 'committee',
  'federation', 'commission', 'court', 'parliament', 'government', 'army', 'police', 'rovers', 'athletic',
  'wanderers', 'county', 'holdings', 'industries', 'systems', 'technologies', 'partners', 'brothers', 'sons',
];

/** Nationality and people adjectives (never a name on their own: "Chilean", "Japanese"). */
export const DEMONYM_WORDS: readonly string[] = [
  'american', 'british', 'english', 'scottish', 'welsh', 'irish', 'french', 'german', 'italian', 'spanish',
  'portuguese', 'dutch', 'belgian', 'swiss', 'austrian', 'swedish', 'norwegian', 'danish', 'finnish',
  'icelandic', 'polish', 'czech', 'slovak', 'hungarian', 'romanian', 'bulgarian', 'greek', 'turkish',
  'russian', 'ukrainian', 'belarusian', 'lithuanian', 'latvian', 'estonian', 'serbian', 'croatian',
  'bosnian', 'slovenian', 'albanian', 'yugoslav', 'soviet', 'european', 'african', 'asian', 'arab', 'arabs',
  'arabic', 'israeli', 'israelis', 'palestinian', 'palestinians', 'iranian', 'iraqi', 'syrian', 'lebanese',
  'jordanian', 'egyptian', 'libyan', 'algerian', 'moroccan', 'tunisian', 'nigerian', 'kenyan', 'ethiopian',
  'somali', 'sudanese', 'ugandan', 'zambian', 'zimbabwean', 'namibian', 'angolan', 'ghanaian', 'senegalese',
  'indian', 'pakistani', 'afghan', 'bangladeshi', 'chinese', 'japanese', 'korean', 'taiwanese', 'thai',
  'vietnamese', 'cambodian', 'indonesian', 'malaysian', 'filipino', 'singaporean', 'australian', 'canadian',
  'mexican', 'brazilian', 'argentine', 'argentinian', 'chilean', 'peruvian', 'colombian', 'venezuelan',
  'cuban', 'jamaican', 'haitian', 'panamanian', 'uruguayan', 'paraguayan', 'bolivian', 'ecuadorean',
  'kurdish', 'kurds', 'muslim', 'muslims', 'christian', 'christians', 'jewish', 'catholic', 'protestant',
  'islamic', 'latin', 'nordic', 'baltic', 'balkan', 'western', 'eastern', 'northern', 'southern',
];
