/**
 * Street-type words for the STREET_ADDRESS recognizer.
 *
 * English suffixes follow USPS Publication 28, Appendix C1 (common street suffixes and their
 * standard abbreviations) plus British forms; continental European street words are either
 * compound endings ("Hauptstraße") or leading words ("Rue de Rivoli", "Via Roma").
 */
export const EN_STREET_SUFFIXES: readonly string[] = [
  'Street', 'St', 'Avenue', 'Ave', 'Av', 'Road', 'Rd', 'Boulevard', 'Blvd', 'Lane', 'Ln', 'Drive',
  'Dr', 'Court', 'Ct', 'Place', 'Pl', 'Square', 'Sq', 'Terrace', 'Ter', 'Way', 'Parkway', 'Pkwy',
  'Highway', 'Hwy', 'Circle', 'Cir', 'Trail', 'Trl', 'Crescent', 'Cres', 'Close', 'Grove', 'Gardens',
  'Row', 'Mews', 'Walk', 'Alley', 'Plaza', 'Loop', 'Pike', 'Path', 'Ridge', 'Summit', 'Crossing',
  'Heights', 'Hill', 'Park', 'Green', 'Parade', 'Esplanade', 'Expressway', 'Freeway', 'Turnpike',
  'Causeway', 'Point', 'Pass', 'Run', 'View', 'Vista', 'Landing', 'Junction', 'Harbor', 'Harbour',
  'Center', 'Centre', 'Commons', 'Cove', 'Creek', 'Estates', 'Meadow', 'Meadows', 'Square',
  'Wharf', 'Quay', 'Embankment', 'Rise', 'Broadway', 'Str',
];

/**
 * German/Dutch/Nordic/Baltic street-word endings, written after the name: "Hauptstraße 5".
 * Endings that also end common English words ("-ring" in "During") are left out.
 */
export const EU_STREET_ENDINGS: readonly string[] = [
  'straße', 'strasse', 'str.', 'gasse', 'weg', 'platz', 'allee', 'damm', 'ufer', 'chaussee', 'laan', 'straat', 'gracht', 'plein', 'kade', 'dijk', 'singel', 'vej',
  'gade', 'gatan', 'vägen', 'veien', 'gata', 'gaten', 'katu', 'tie', 'polku', 'utca', 'iela',
  'gatvė', 'tänav', 'ulica', 'cesta',
];

/** Street words written before the name: "Rue de Rivoli 12", "12 rue de Rivoli", "Via Roma 1". */
export const EU_STREET_PREFIXES: readonly string[] = [
  'Rue', 'Avenue', 'Boulevard', 'Bd', 'Place', 'Chemin', 'Allée', 'Impasse', 'Quai', 'Via',
  'Viale', 'Piazza', 'Corso', 'Largo', 'Calle', 'Avenida', 'Av.', 'Paseo', 'Plaza', 'Carrer',
  'Rua', 'Travessa', 'Praça', 'ul.', 'Ulica', 'Aleja', 'al.',
];

/**
 * Lower-case street words written as a separate word between the name and the number:
 * "Trenerys gate 232" (Norwegian), "Erzsébet tér 19." and "Piroska u. 97." (Hungarian).
 */
export const EU_STREET_WORDS: readonly string[] = [
  'gate', 'gata', 'gatan', 'vej', 'gade', 'vei', 'veien', 'vägen', 'tér', 'u.', 'utca', 'út', 'útja',
  'körút', 'rkp.', 'sor', 'köz', 'tie', 'katu', 'iela', 'ulica', 'cesta', 'straat', 'laan', 'weg',
];
