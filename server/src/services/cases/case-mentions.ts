/**
 * Case mentions in messages: `case #1234` (any case, optional space before `#`, 1–9 digits) names
 * a case by its number. A reader of the message gets, per mentioned case that exists, its number,
 * category and state (see `presenters/case-mention.ts`), and its id only when they may view it.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import { presentCaseMention, type CaseMentionJson } from '../../presenters/case-mention.ts';
import { authorizeCase, type Caller } from './cases.ts';

/** The mention syntax (global; group 1 = the number). */
export const CASE_MENTION_PATTERN = /\bcase ?#(\d{1,9})\b/gi;

/** At most this many mentions of one message are resolved. */
export const MAX_CASE_MENTIONS = 20;

/** Distinct case numbers mentioned in `text`, in order of first mention (at most {@link MAX_CASE_MENTIONS}). */
export function caseMentionNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(CASE_MENTION_PATTERN)) {
    const n = Number(m[1]);
    if (n > 0 && !out.includes(n)) out.push(n);
    if (out.length >= MAX_CASE_MENTIONS) break;
  }
  return out;
}

/**
 * The mentioned cases of `text` for `caller` (who has already been allowed to read the text),
 * in order of first mention; unknown numbers are left out.
 */
export async function resolveCaseMentions(db: Kysely<Database>, caller: Caller, text: string): Promise<CaseMentionJson[]> {
  const numbers = caseMentionNumbers(text);
  if (numbers.length === 0) return [];
  const rows = await db.selectFrom('cases').selectAll().where('number', 'in', numbers).execute();
  const out: CaseMentionJson[] = [];
  for (const n of numbers) {
    const row = rows.find((r) => r.number === n);
    if (!row) continue;
    const mayOpen = await authorizeCase(db, caller, 'case.view', row).then(
      () => true,
      () => false,
    );
    out.push(presentCaseMention(row, mayOpen));
  }
  return out;
}
