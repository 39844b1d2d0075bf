/**
 * @mentions: `@Display Name` or `@localpart` (the part of the e-mail before `@`), matched
 * case-insensitively against the channel's members, ending at a non-word character or the end.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';

/** Member ids mentioned in `text` (ordered by first appearance, no duplicates). */
export async function resolveMentions(db: Kysely<Database>, channelId: string, text: string): Promise<string[]> {
  if (!text.includes('@')) return [];
  const members = await db
    .selectFrom('channel_members as cm')
    .innerJoin('users as u', 'u.id', 'cm.user_id')
    .select(['u.id', 'u.name', 'u.email'])
    .where('cm.channel_id', '=', channelId)
    .execute();
  return findMentions(text, members);
}

/** Pure matcher behind {@link resolveMentions}. */
export function findMentions(text: string, members: Array<{ id: string; name: string; email: string }>): string[] {
  const lower = text.toLowerCase();
  const found: Array<{ id: string; at: number }> = [];
  for (const m of members) {
    const handles = [m.name.toLowerCase(), m.email.split('@')[0]?.toLowerCase() ?? ''].filter((h) => h.length > 0);
    let best = -1;
    for (const h of handles) {
      let from = 0;
      for (;;) {
        const at = lower.indexOf(`@${h}`, from);
        if (at < 0) break;
        const after = lower.charAt(at + 1 + h.length);
        const before = at === 0 ? '' : lower.charAt(at - 1);
        if (!/[\p{L}\p{N}_]/u.test(after) && !/[\p{L}\p{N}_.]/u.test(before)) {
          if (best < 0 || at < best) best = at;
          break;
        }
        from = at + 1;
      }
    }
    if (best >= 0) found.push({ id: m.id, at: best });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.id);
}
