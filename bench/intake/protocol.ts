/**
 * Shared by the intake benchmark's processes: the IPC messages and the generator of fictional
 * report accounts (obviously fake data only: example.com e-mails, 555-01xx phones, 2001:db8::/32
 * and 192.0.2.0/24 addresses). Subject number `n` always yields the same account.
 */
import type { Report } from '../../server/src/services/cases/report-schema.ts';

/** Seed child request: `subjects` heavy subjects of `valuesPerSubject` field values each. */
export interface SeedRequest {
  subjects: number;
  /** Field values per seeded subject (8 single fields + IPs + device ids), ≤ 208. */
  valuesPerSubject: number;
  /** Reports in flight at once (group commit of the server's writer). */
  concurrency: number;
}

/** Seed child answer. */
export interface SeedResult {
  integrationId: string;
  secret: string;
  reports: number;
  subjects: number;
  /** Field values given in the reports' accounts (each one vault token + one subject_fields row). */
  values: number;
  ms: number;
}

/** Client child request. */
export interface ClientRequest {
  url: string;
  integrationId: string;
  secret: string;
  concurrency: number;
  seconds: number;
  /** First subject number of the new subjects (beyond the seeded ones). */
  firstSubject: number;
  serverPid: number;
}

/** Client child answer: statuses, latencies (ms) and server CPU. */
export interface ClientResult {
  sent: number;
  created: number;
  statuses: Record<string, number>;
  errors: number;
  elapsedMs: number;
  latency: { p50: number; p99: number; max: number };
  serverCpuMs: number;
  /** Field values given in the created reports' accounts. */
  values: number;
}

/** Analyzer child request. */
export interface AnalyzerRequest {
  dataDir: string;
  corpusBytes: number;
  rounds: number;
  /** Warm-up, ms. */
  budgetMs: number;
}

/** Analyzer child answer. */
export interface AnalyzerResult {
  /** Non-erased subject field values in the database (what the index is built from). */
  values: number;
  subjects: number;
  /** Fingerprints in the index (registered forms, primary + supporting). */
  fingerprints: number;
  byteSize: number;
  loadMs: number;
  heapDelta: { heapUsed: number; arrayBuffers: number; rss: number };
  /** Retyped seeded values found as KNOWN_SUBJECT, per kind of retyping: `found/tried`. */
  sanity: Record<string, string>;
  corpus: { name: string; messages: number; bytes: number };
  without: number[];
  with: number[];
  findings: { without: number; with: number; knownSubject: number };
}

const CONS = 'bdfgklmnprstvz';
const VOW = 'aeiou';

/** A pronounceable fictional word for `n` (distinct for distinct `n`), capitalised. */
export function word(n: number, minSyllables = 2): string {
  let s = '';
  let x = n;
  let k = 0;
  do {
    const d = x % (CONS.length * VOW.length);
    s += (CONS[d % CONS.length] as string) + (VOW[Math.floor(d / CONS.length)] as string);
    x = Math.floor(x / (CONS.length * VOW.length));
    k++;
  } while (x > 0 || k < minSyllables);
  return s[0]?.toUpperCase() + s.slice(1);
}

const COUNTRIES = ['Freedonia', 'Sylvania', 'Genovia', 'Elbonia', 'Latveria', 'Ruritania'];
const CITIES = ['Springfield', 'Shelbyville', 'Ogdenville', 'Brockway', 'Capital City'];
const AREAS = ['201', '202', '212', '213', '305', '312', '415', '617', '718', '917'];

/** A heavy account of subject `n` with `values` field values (see {@link SeedRequest}). */
export function heavyAccount(n: number, values: number, role: 'reporter' | 'reported'): Report['accounts'][number] {
  const lists = Math.max(0, values - 8);
  const ips = Math.min(100, Math.ceil(lists / 2));
  const devices = Math.min(100, lists - ips);
  return {
    role,
    accountId: `bench-acc-${n}`,
    displayName: `${word(n)} ${word(n + 7919, 3)}`,
    username: `@bench_user_${n}`,
    email: `bench.${n}@example.com`,
    phone: `+1 ${AREAS[n % AREAS.length]}-555-01${String(n % 100).padStart(2, '0')}`,
    country: COUNTRIES[n % COUNTRIES.length] as string,
    city: CITIES[n % CITIES.length] as string,
    dateOfBirth: `19${70 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    ipAddresses: Array.from({ length: ips }, (_, k) => (k === 0 ? `192.0.2.${n % 256}` : `2001:db8:${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}::${k.toString(16)}`)),
    deviceIds: Array.from({ length: devices }, (_, k) => `bench-dev-${n}-${k}`),
  };
}

/** Field values of an account (single fields + list items). */
export function valueCount(a: Report['accounts'][number]): number {
  let n = 0;
  for (const v of Object.values(a)) n += Array.isArray(v) ? v.length : 1;
  return n - 1; // role
}

/** A typical report of the HTTP phase: a light reporter and reported account (subjects `n`, `n+1`). */
export function lightReport(n: number, reportId: string): Report {
  const bad = `@bench_user_${n + 1}`;
  return {
    reportId,
    category: (['harassment', 'impersonation', 'privacy', 'spam', 'other'] as const)[n % 5] as Report['category'],
    text: `The account ${bad} keeps sending me threats and posted my photo. Please look at it.`,
    submittedAt: new Date().toISOString(),
    accounts: [
      { role: 'reporter', accountId: `bench-acc-${n}`, displayName: `${word(n)} ${word(n + 7919, 3)}`, email: `bench.${n}@example.com`, country: COUNTRIES[n % COUNTRIES.length] as string },
      {
        role: 'reported',
        accountId: `bench-acc-${n + 1}`,
        displayName: `${word(n + 1)} ${word(n + 7920, 3)}`,
        username: bad,
        email: `bench.${n + 1}@example.com`,
        phone: `+1 ${AREAS[(n + 1) % AREAS.length]}-555-01${String((n + 1) % 100).padStart(2, '0')}`,
        ipAddresses: [`192.0.2.${(n + 1) % 256}`, `2001:db8:ffff:${((n + 1) & 0xffff).toString(16)}::1`],
      },
    ],
  };
}

/** Answers the parent over IPC once, then exits. */
export function answer(run: () => Promise<unknown>): void {
  run().then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (err: unknown) => process.send?.({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }, () => process.exit(1)),
  );
}
