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
 * The rest of USPS Pub. 28 C1 (primary names, plurals and standard abbreviations), matched only
 * Capitalized or in CAPITALS (lower case they are ordinary words: "10 Home is", "3 Green lights");
 * two-letter abbreviations that are English words and words like "Key", "Rest", "Well" are left out.
 */
export const EN_STREET_SUFFIXES_CAPITALIZED: readonly string[] = [
  'Alleys', 'Aly', 'Anex', 'Annex', 'Arcade', 'Arc', 'Bayou', 'Byu', 'Beach', 'Bch', 'Bend', 'Bnd',
  'Bluff', 'Bluffs', 'Blf', 'Bottom', 'Btm', 'Branch', 'Bridge', 'Brg', 'Brook', 'Brooks', 'Brk',
  'Burg', 'Burgs', 'Bypass', 'Byp', 'Camp', 'Canyon', 'Cyn', 'Cape', 'Cpe', 'Circles', 'Cirs',
  'Cliff', 'Cliffs', 'Clf', 'Clfs', 'Club', 'Clb', 'Common', 'Cmn', 'Cmns', 'Corner', 'Corners',
  'Cor', 'Cors', 'Course', 'Crse', 'Courts', 'Cts', 'Coves', 'Cvs', 'Crk', 'Crest', 'Crst', 'Xing',
  'Crossroad', 'Crossroads', 'Xrd', 'Xrds', 'Curve', 'Curv', 'Dale', 'Dam', 'Divide', 'Drives',
  'Drs', 'Estate', 'Expy', 'Extension', 'Extensions', 'Exts', 'Falls', 'Fls', 'Ferry', 'Fry',
  'Field', 'Fields', 'Fld', 'Flds', 'Flat', 'Flats', 'Flt', 'Flts', 'Ford', 'Fords', 'Frd',
  'Forest', 'Frst', 'Forge', 'Forges', 'Frg', 'Fork', 'Forks', 'Frk', 'Frks', 'Fort', 'Ft', 'Fwy',
  'Garden', 'Gdn', 'Gdns', 'Gateway', 'Gtwy', 'Glen', 'Glens', 'Gln', 'Greens', 'Grn', 'Groves',
  'Grv', 'Harbors', 'Hbr', 'Haven', 'Hvn', 'Hts', 'Hills', 'Hls', 'Hollow', 'Holw', 'Inlet',
  'Inlt', 'Island', 'Islands', 'Iss', 'Isle', 'Junctions', 'Jct', 'Knoll', 'Knolls', 'Knl', 'Lake',
  'Lakes', 'Lks', 'Lndg', 'Light', 'Lights', 'Lgt', 'Lock', 'Locks', 'Lck', 'Lodge', 'Ldg',
  'Manor', 'Manors', 'Mnr', 'Meadows', 'Mdw', 'Mdws', 'Mill', 'Mills', 'Mls', 'Mission', 'Msn',
  'Motorway', 'Mtwy', 'Mount', 'Mt', 'Mountain', 'Mountains', 'Mtn', 'Neck', 'Nck', 'Orchard',
  'Orch', 'Oval', 'Overpass', 'Opas', 'Parks', 'Parkways', 'Passage', 'Psge', 'Pine', 'Pines',
  'Pnes', 'Plain', 'Plains', 'Pln', 'Plns', 'Plz', 'Points', 'Pt', 'Pts', 'Port', 'Ports', 'Prt',
  'Prairie', 'Radial', 'Radl', 'Ramp', 'Ranch', 'Rnch', 'Rapid', 'Rapids', 'Rpd', 'Rpds', 'Rst',
  'Rdg', 'Rdgs', 'Ridges', 'River', 'Riv', 'Roads', 'Rds', 'Route', 'Rte', 'Shoal', 'Shoals',
  'Shl', 'Shls', 'Shore', 'Shores', 'Shr', 'Shrs', 'Skyway', 'Skwy', 'Spring', 'Springs', 'Spg',
  'Spgs', 'Spur', 'Spurs', 'Squares', 'Sqs', 'Station', 'Stravenue', 'Stra', 'Stream', 'Strm',
  'Streets', 'Sts', 'Smt', 'Terr', 'Throughway', 'Trwy', 'Trace', 'Trce', 'Track', 'Trak',
  'Trafficway', 'Trfy', 'Trails', 'Tunnel', 'Tunl', 'Tpke', 'Underpass', 'Upas', 'Union', 'Unions',
  'Valley', 'Valleys', 'Vly', 'Vlys', 'Viaduct', 'Views', 'Vw', 'Vws', 'Village', 'Villages',
  'Vlg', 'Vlgs', 'Ville', 'Vis', 'Walks', 'Ways', 'Wls',
];

/**
 * German/Dutch/Nordic/Baltic street-word endings, written after the name: "Hauptstraße 5".
 * Endings that also end common English words ("-ring" in "During") are left out.
 */
export const EU_STREET_ENDINGS: readonly string[] = [
  'straße', 'strasse', 'str.', 'gasse', 'weg', 'platz', 'allee', 'damm', 'ufer', 'chaussee', 'laan', 'straat', 'gracht', 'plein', 'kade', 'dijk', 'singel', 'vej',
  'gade', 'gatan', 'vägen', 'veien', 'gata', 'gaten', 'katu', 'tie', 'polku', 'utca', 'iela',
  'gatvė', 'tänav', 'ulica', 'cesta', 'vegen', 'vegur', 'stræti', 'braut', 'plass', 'plads', 'stræde', 'gränd', 'torget',
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
  'terrasse', 'plass', 'allé', 'torg', 'vegur', 'stræti', 'gränd',
];
