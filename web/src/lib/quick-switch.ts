/**
 * Candidates of the Ctrl+K quick switcher: my channels and DMs, joinable public channels and
 * people, filtered by a query (case-insensitive; names starting with it first) and capped.
 */
import type { Channel, User } from '../api/types.ts';

/** One entry of the switcher. */
export type SwitchTarget = { kind: 'channel'; id: string; label: string; hint: string } | { kind: 'person'; id: string; label: string; hint: string };

/** Most entries shown. */
export const MAX_SWITCH_RESULTS = 12;

/** The entries matching `query` (all, when blank), channels before people, at most {@link MAX_SWITCH_RESULTS}. */
export function switchTargets(query: string, channels: readonly Channel[], people: readonly User[], meId: string): SwitchTarget[] {
  const q = query.trim().replace(/^[#@]/, '').toLowerCase();
  const score = (name: string): number => {
    const n = name.toLowerCase();
    if (q === '') return 1;
    if (n.startsWith(q)) return 2;
    return n.includes(q) ? 1 : 0;
  };
  const dmWith = new Set(channels.filter((c) => c.kind === 'dm').map((c) => c.name.toLowerCase()));
  const items: Array<SwitchTarget & { score: number }> = [];
  for (const c of channels) {
    const s = score(c.name);
    if (s === 0) continue;
    const hint = c.kind === 'dm' ? 'Direct message' : c.archived ? 'Archived channel' : c.isMember ? (c.visibility === 'private' ? 'Private channel' : 'Channel') : 'Public channel, not joined';
    items.push({ kind: 'channel', id: c.id, label: c.kind === 'dm' ? c.name : `#${c.name}`, hint, score: s + (c.isMember ? 0.5 : 0) });
  }
  for (const u of people) {
    if (u.id === meId || !u.active || dmWith.has(u.name.toLowerCase())) continue;
    const s = score(u.name);
    if (s === 0) continue;
    items.push({ kind: 'person', id: u.id, label: u.name, hint: 'Person: open a direct message', score: s });
  }
  return items
    .sort((a, b) => b.score - a.score || a.label.localeCompare(b.label))
    .slice(0, MAX_SWITCH_RESULTS)
    .map(({ score: _score, ...t }) => t);
}
