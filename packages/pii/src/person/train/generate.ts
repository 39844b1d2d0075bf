/**
 * Fills sentence templates with fake values from `@faker-js/faker` (seeded, so the output is
 * deterministic) and records where the fake names went. Used only at training time.
 */
import { allFakers, type Faker } from '@faker-js/faker';
import type { Example, Span } from './corpus.ts';
import { CLASS_LOC, CLASS_MISC, CLASS_ORG, CLASS_PER } from '../features.ts';

/** Non-name placeholders that are entities of another class (the rest are O). */
const OTHER_CLASSES: Record<string, number> = {
  city: CLASS_LOC, country: CLASS_LOC, organization: CLASS_ORG,
  nationality: CLASS_MISC, nation_woman: CLASS_MISC, nation_plural: CLASS_MISC,
};

/** Deterministic PRNG (mulberry32) giving floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Locales whose names are used to fill name slots (Latin script and a few others). */
const NAME_LOCALES = [
  'en', 'en', 'en', 'en_US', 'en_GB', 'en_IN', 'en_AU', 'de', 'fr', 'es', 'it', 'nl', 'pt_BR', 'pt_PT', 'pl', 'sv',
  'nb_NO', 'da', 'fi', 'tr', 'cs_CZ', 'sk', 'hu', 'ro', 'hr', 'vi', 'id_ID', 'en_NG', 'yo_NG', 'zu_ZA', 'af_ZA',
  'lv', 'sl_SI', 'es_MX', 'fr_CA', 'de_AT', 'ru', 'uk', 'el',
] as const;

type Slot = 'full' | 'first' | 'last';

const NAME_SLOTS: Record<string, Slot> = {
  person: 'full', name: 'full', name_male: 'full', name_female: 'full',
  first_name: 'first', first_name_male: 'first', first_name_female: 'first', first_name_nonbinary: 'first',
  last_name: 'last', last_name_male: 'last', last_name_female: 'last',
};

/** Generates examples from templates. */
export class TemplateFiller {
  private readonly rand: () => number;
  private readonly fakers: Faker[];
  private readonly en: Faker;

  constructor(seed: number) {
    this.rand = rng(seed);
    this.fakers = NAME_LOCALES.map((l) => allFakers[l]);
    this.fakers.forEach((f, i) => f.seed(seed + i));
    this.en = allFakers.en;
  }

  private pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.rand() * a.length)]!;
  }

  private name(slot: Slot): string {
    const f = this.pick(this.fakers);
    const sex = this.rand() < 0.5 ? 'female' : 'male';
    const first = f.person.firstName(sex);
    const last = f.person.lastName(sex);
    if (slot === 'first') return first;
    if (slot === 'last') return last;
    const r = this.rand();
    if (r < 0.08) return `${first} ${f.person.firstName(sex).charAt(0)}. ${last}`;
    if (r < 0.13) return `${first} ${f.person.firstName(sex)} ${last}`;
    if (r < 0.23) return `${first.charAt(0)}. ${last}`;
    if (r < 0.25) return `${first} ${last} ${this.pick(['Jr.', 'MD', 'PhD', 'III'])}`;
    return `${first} ${last}`;
  }

  private other(key: string): string {
    const f = this.rand() < 0.7 ? this.en : this.pick(this.fakers);
    switch (key) {
      case 'organization': return f.company.name();
      case 'city': return f.location.city();
      case 'country': return f.location.country();
      case 'address': return `${f.location.streetAddress()}, ${f.location.city()} ${f.location.zipCode()}`;
      case 'street_name': return f.location.street();
      case 'building_number': return f.location.buildingNumber();
      case 'secondary_address': return f.location.secondaryAddress();
      case 'postcode': case 'zipcode': return f.location.zipCode();
      case 'state_abbr': return this.en.location.state({ abbreviated: true });
      case 'email': return this.en.internet.email();
      case 'url': return this.en.internet.url();
      case 'ip_address': return this.en.internet.ipv4();
      case 'phone_number': return this.en.phone.number();
      case 'credit_card_number': return this.en.finance.creditCardNumber();
      case 'iban': return this.en.finance.iban();
      case 'ssn': return `${100 + Math.floor(this.rand() * 800)}-${10 + Math.floor(this.rand() * 89)}-${1000 + Math.floor(this.rand() * 8999)}`;
      case 'us_driver_license': return `D${Math.floor(this.rand() * 1e7)}`;
      case 'age': return String(18 + Math.floor(this.rand() * 70));
      case 'year': return String(1950 + Math.floor(this.rand() * 75));
      case 'date_time': case 'date_of_birth': return this.en.date.past({ years: 40 }).toISOString().slice(0, 10);
      case 'day_of_week': return this.en.date.weekday();
      case 'nationality': case 'nation_woman': case 'nation_plural': return this.pick(['American', 'British', 'French', 'German', 'Italian', 'Spanish', 'Dutch', 'Swedish', 'Polish', 'Indian', 'Japanese', 'Brazilian', 'Canadian', 'Australian']);
      case 'job': return this.en.person.jobTitle();
      case 'prefix': case 'prefix_male': case 'prefix_female': return this.pick(['Mr.', 'Mrs.', 'Ms.', 'Dr.', 'Prof.', 'Mr', 'Mrs', 'Dr']);
      default: return this.en.lorem.word();
    }
  }

  /** Fills one template line; names become PER spans, cities and countries LOC, companies ORG. */
  fill(template: string): Example {
    let text = '';
    const spans: Span[] = [];
    const re = /\{\{(\w+)\}\}/g;
    let last = 0;
    for (let m = re.exec(template); m; m = re.exec(template)) {
      text += template.slice(last, m.index);
      const key = m[1]!;
      const slot = NAME_SLOTS[key];
      const value = slot ? this.name(slot) : this.other(key);
      const cls = slot ? CLASS_PER : OTHER_CLASSES[key];
      if (cls !== undefined) spans.push([text.length, text.length + value.length, cls]);
      text += value;
      last = m.index + m[0].length;
    }
    text += template.slice(last);
    return { text, spans, real: false };
  }
}

/**
 * Copies an example with news-wire spacing (a space before `,` `.` `;` `:` `)` `'s` and after `(`,
 * as in tokenized corpora), moving the spans along.
 */
export function respace(ex: Example): Example {
  let out = '';
  const map: number[] = [];
  const t = ex.text;
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    const prev = i > 0 ? t[i - 1]! : ' ';
    const next = i + 1 < t.length ? t[i + 1]! : ' ';
    const splitBefore = (/[,;:)!?]/.test(c) || (c === '.' && (next === ' ' || i + 1 === t.length) && !/\b\p{L}$/u.test(t.slice(Math.max(0, i - 2), i)))
      || (c === "'" && next === 's' && !/\p{L}/u.test(t[i + 2] ?? ' '))) && prev !== ' ';
    if (splitBefore) out += ' ';
    map[i] = out.length;
    out += c;
    if (c === '(' && next !== ' ') out += ' ';
  }
  map[t.length] = out.length;
  const spans = ex.spans.map(([a, b, c]): Span => [map[a]!, map[b - 1]! + 1, c]);
  return { text: out, spans, real: ex.real };
}

/**
 * Copies an example with its casing changed code unit by code unit (length preserved, so the
 * spans stay valid): `lower`, `upper`, or `title` (each word's first letter upper, the rest lower).
 */
export function recase(ex: Example, how: 'lower' | 'upper' | 'title'): Example {
  let out = '';
  let prevLetter = false;
  for (const ch of ex.text) {
    let c: string;
    if (how === 'lower') c = ch.toLowerCase();
    else if (how === 'upper') c = ch.toUpperCase();
    else c = prevLetter ? ch.toLowerCase() : ch.toUpperCase();
    out += c.length === ch.length ? c : ch;
    prevLetter = /\p{L}/u.test(ch);
  }
  return { text: out, spans: ex.spans, real: ex.real };
}

/**
 * Copies an example with only its entity spans in upper case (a name or place shouted inside a
 * normal sentence, common in chat); length preserved, so the spans stay valid.
 */
export function shoutSpans(ex: Example): Example {
  let text = ex.text;
  for (const [a, b] of ex.spans) {
    const up = text.slice(a, b).toUpperCase();
    if (up.length === b - a) text = text.slice(0, a) + up + text.slice(b);
  }
  return { text, spans: ex.spans, real: ex.real };
}
