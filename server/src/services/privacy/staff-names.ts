/**
 * Colleagues are not data subjects (issue 7 item 10): the display names, first names (where only
 * one active colleague has that first name) and @handles (display name or e-mail local part) of the
 * workspace's active staff are not personal data to protect. The index is held in memory and
 * refreshed when the users table changes — checked at most once per `checkEveryMs` with one cheap
 * aggregate query (count, latest `updated_at`), so protecting a message costs no database query.
 * A value that is also a known data subject's value is never exempt.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { mentionSpans, type Span } from './mention-exemption.ts';

/** Entity types a staff name can be reported as. */
export const STAFF_NAME_TYPES: ReadonlySet<string> = new Set(['PERSON', 'USERNAME']);

/** One snapshot of the active staff. */
export interface StaffNames {
  /** Normalised exempt names: full display names, unambiguous first names, e-mail local parts. */
  names: ReadonlySet<string>;
  /** Name and e-mail of every active colleague (for `@handle` spans). */
  people: ReadonlyArray<{ name: string; email: string }>;
}

/** Lower case, NFKC, single spaces, no leading `@`. */
export function normaliseName(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim().replace(/^@/u, '');
}

/** Builds a snapshot from the active users' names and e-mails. */
export function staffNamesOf(people: ReadonlyArray<{ name: string; email: string }>): StaffNames {
  const names = new Set<string>();
  const firstCount = new Map<string, number>();
  for (const p of people) {
    const full = normaliseName(p.name);
    if (full.length > 1) names.add(full);
    const local = normaliseName(p.email.split('@')[0] ?? '');
    if (local.length > 1) names.add(local);
    const first = full.split(' ')[0] ?? '';
    if (first.length > 1 && first !== full) firstCount.set(first, (firstCount.get(first) ?? 0) + 1);
  }
  for (const [first, n] of firstCount) if (n === 1) names.add(first);
  return { names, people };
}

/** The in-memory staff-name index of one server process. */
export class StaffNameIndex {
  readonly #checkEveryMs: number;
  #snapshot: StaffNames = { names: new Set(), people: [] };
  #version = '';
  #checkedAt = Number.NEGATIVE_INFINITY;
  #loading: Promise<StaffNames> | null = null;

  /** `checkEveryMs`: how often (at most) the users table is checked for changes; default 2,000 ms. */
  constructor(opts: { checkEveryMs?: number } = {}) {
    this.#checkEveryMs = opts.checkEveryMs ?? 2000;
  }

  /** Forces a check at the next {@link current} (call after changing users in this process). */
  invalidate(): void {
    this.#checkedAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * The current snapshot; reloads when the users table changed since the last check. `db` is the
   * handle of the caller (inside a write transaction: the transaction, on the same connection).
   */
  async current(db: Kysely<Database>): Promise<StaffNames> {
    if (Date.now() - this.#checkedAt < this.#checkEveryMs) return this.#snapshot;
    this.#loading ??= this.#check(db).finally(() => {
      this.#loading = null;
    });
    return this.#loading;
  }

  async #check(db: Kysely<Database>): Promise<StaffNames> {
    const v = await db
      .selectFrom('users')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('latest')])
      .executeTakeFirstOrThrow();
    this.#checkedAt = Date.now();
    const version = `${String(v.n)}/${String(v.latest ?? '')}`;
    if (version === this.#version) return this.#snapshot;
    const people = await db.selectFrom('users').select(['name', 'email']).where('active', '=', 1).execute();
    this.#snapshot = staffNamesOf(people);
    this.#version = version;
    return this.#snapshot;
  }
}

/**
 * Drops findings that are a colleague's name or lie inside an `@handle` of a colleague — unless
 * the value is also a known data subject's value (`isKnownValue`) or a KNOWN_SUBJECT finding
 * overlaps it. KNOWN_SUBJECT findings are always kept.
 */
export function withoutStaffNames<F extends { entityType: string; start: number; end: number }>(
  findings: F[],
  text: string,
  staff: StaffNames,
  isKnownValue: (value: string) => boolean,
): F[] {
  if (findings.length === 0) return findings;
  const spans: Span[] = text.includes('@') ? mentionSpans(text, staff.people) : [];
  const known = findings.filter((f) => f.entityType === 'KNOWN_SUBJECT');
  return findings.filter((f) => {
    if (f.entityType === 'KNOWN_SUBJECT') return true;
    if (known.some((k) => f.start < k.end && k.start < f.end)) return true;
    const value = text.slice(f.start, f.end);
    const inMention = spans.some(([s, e]) => f.start >= s && f.end <= e);
    const isName = STAFF_NAME_TYPES.has(f.entityType) && staff.names.has(normaliseName(value));
    if (!inMention && !isName) return true;
    return isKnownValue(value);
  });
}
