/**
 * Shapes of US driver's licence numbers, after removing spaces and hyphens.
 *
 * Written from the states' published formats as summarised by the AAMVA DL/ID card design
 * standard and the per-state list in faker-ruby's `driving_license.yml` (MIT): `#` digit,
 * `?` letter. Only shapes with at least one digit are kept — a word is never a licence number.
 * The union is used, not the state: the text rarely says which state issued the licence.
 */
export const US_DL_SHAPES: readonly string[] = [
  '######', '#######', '########', '#########', '##########', '###########', '############',
  '#############', '##############', '################',
  '?#####', '?######', '?#######', '?########', '?#########', '?##########', '?###########',
  '?############', '?#############', '?##############', '?##################',
  '??#####', '??######', '??#######', '???######', '#######?', '########??', '#########?',
  '##???#####', '###??####', '?######?', '???????#####', '????????####', '?????????###',
  '??????????##', '???????????#', '?#?#?', '#?#?#?#?#', '????###??#', '?####-##-##', '??###',
];

/** One anchored regex accepting any shape in {@link US_DL_SHAPES} (letters upper case). */
export const US_DL_SHAPE_RE: RegExp = new RegExp(
  `^(?:${US_DL_SHAPES.map((s) => s.replace(/-/g, '').replace(/#/g, '\\d').replace(/\?/g, '[A-Z]')).join('|')})$`,
);
