/**
 * Slack reaction names (`thumbsup`, `+1`, `white_check_mark`, `thumbsup::skin-tone-2`) to emoji,
 * from `emoji-datasource` — the iamcal emoji data Slack's short names come from. Custom workspace
 * emoji have no Unicode form: they map to nothing (the import keeps them in its record only).
 */
import { createRequire } from 'node:module';

interface DatasourceEmoji {
  unified: string;
  short_names: string[];
  skin_variations?: Record<string, { unified: string }>;
}

/** Slack's skin-tone suffixes → Fitzpatrick modifier code points. */
const SKIN_TONES: Record<string, string> = { 'skin-tone-2': '1F3FB', 'skin-tone-3': '1F3FC', 'skin-tone-4': '1F3FD', 'skin-tone-5': '1F3FE', 'skin-tone-6': '1F3FF' };

let table: Map<string, DatasourceEmoji> | undefined;

function byShortName(): Map<string, DatasourceEmoji> {
  if (table) return table;
  const data = createRequire(import.meta.url)('emoji-datasource/emoji.json') as DatasourceEmoji[];
  table = new Map();
  for (const e of data) for (const n of e.short_names) table.set(n, e);
  return table;
}

const fromUnified = (u: string): string => String.fromCodePoint(...u.split('-').map((h) => parseInt(h, 16)));

/**
 * The emoji of a Slack reaction name (case-sensitive short name, optional `::skin-tone-N`), or
 * undefined for custom or unknown names. Loads the emoji table on first use (about 1.3 MB of JSON).
 */
export function emojiForSlackName(name: string): string | undefined {
  const [base = '', tone] = name.split('::');
  const e = byShortName().get(base);
  if (!e) return undefined;
  const skin = tone ? SKIN_TONES[tone] : undefined;
  const variant = skin ? e.skin_variations?.[skin]?.unified : undefined;
  return fromUnified(variant ?? e.unified);
}
