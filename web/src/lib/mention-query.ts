/**
 * @mention autocomplete helpers. The server resolves `@Display Name` and `@localpart`
 * (docs/api.md, services/chat/mentions.ts), so a pick inserts `@Display Name `.
 */

/** The `@query` being typed just before `caret` (`start` = index of `@`), or `null`. */
export function activeMention(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)@([^\s@]{0,40})$/.exec(before);
  if (!m) return null;
  return { start: before.length - m[2]!.length - 1, query: m[2]! };
}

/** People whose name (any word) or e-mail local part starts with `query` (case-insensitive), at most `max`. */
export function matchPeople<T extends { name: string; email: string }>(people: readonly T[], query: string, max = 6): T[] {
  const q = query.toLowerCase();
  return people
    .filter((p) => {
      const words = p.name.toLowerCase().split(/\s+/);
      return words.some((w) => w.startsWith(q)) || p.name.toLowerCase().startsWith(q) || (p.email.split('@')[0] ?? '').toLowerCase().startsWith(q);
    })
    .slice(0, max);
}

/** `text` with the mention at `start..caret` replaced by `@name `; returns the new text and caret. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const insert = `@${name} `;
  return { text: text.slice(0, start) + insert + text.slice(caret), caret: start + insert.length };
}
