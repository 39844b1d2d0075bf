/**
 * The text of a notification e-mail. By default it names only who wrote where and how many new
 * notifications there are, with a link: no message text at all. With the privacy officer's
 * setting on, each line is followed by the notification bodies (protected items as words).
 * Never a value, never a token id: bodies are rendered from stored text (`body.ts`).
 */
import type { NotificationKind } from '../../db/schema/notifications.ts';

/** One notification going into an e-mail. */
export interface EmailItem {
  kind: NotificationKind;
  channelId: string;
  /** Null for DMs. */
  channelName: string | null;
  authorName: string;
  messageId: string;
  body: string;
}

/** A composed e-mail (plain text). */
export interface EmailText {
  subject: string;
  text: string;
}

/** Bodies shown per group when text is allowed. */
const MAX_BODIES = 5;

function authors(names: string[]): string {
  const distinct = [...new Set(names)];
  if (distinct.length === 1) return distinct[0] as string;
  if (distinct.length === 2) return `${distinct[0]} and ${distinct[1]}`;
  return `${distinct[0]} and ${distinct.length - 1} others`;
}

/** Composes the e-mail for `items` (oldest first); `publicUrl` has no trailing slash. */
export function composeEmail(items: readonly EmailItem[], opts: { publicUrl: string; includeText: boolean }): EmailText {
  const groups = new Map<string, EmailItem[]>();
  for (const it of items) {
    const key = `${it.kind}:${it.channelId}`;
    groups.set(key, [...(groups.get(key) ?? []), it]);
  }
  const lines: string[] = [];
  for (const g of groups.values()) {
    const first = g[0] as EmailItem;
    const last = g[g.length - 1] as EmailItem;
    const count = `(${g.length} new)`;
    const who = authors(g.map((i) => i.authorName));
    lines.push(
      first.kind === 'dm'
        ? `New direct message from ${who} ${count}`
        : first.kind === 'mention'
          ? `You were mentioned in #${first.channelName ?? 'a channel'} by ${who} ${count}`
          : `New messages in #${first.channelName ?? 'a channel'} from ${who} ${count}`,
    );
    if (opts.includeText) for (const i of g.slice(-MAX_BODIES)) lines.push(`  > ${i.body}`);
    lines.push(`  ${opts.publicUrl}/c/${encodeURIComponent(last.channelId)}/m/${encodeURIComponent(last.messageId)}`, '');
  }
  lines.push(`Change e-mail notifications on your account page: ${opts.publicUrl}/account`);
  const n = items.length;
  return { subject: `Enclave: ${n} new notification${n === 1 ? '' : 's'}`, text: lines.join('\n') };
}
