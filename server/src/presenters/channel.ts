/** Channel row (+ per-caller figures) → API JSON (docs/api.md, "Channels"). */
import type { Selectable } from 'kysely';
import type { ChannelsTable } from '../db/schema/chat.ts';
import { broadThresholdFromEnv } from '../services/privacy/settings.ts';

export interface ChannelJson {
  id: string;
  name: string;
  visibility: 'public' | 'private';
  kind: 'channel' | 'dm';
  topic: string;
  createdAt: string;
  memberCount: number;
  isMember: boolean;
  unreadCount: number;
  mentionCount: number;
  lastMessageAt: string | null;
  /** Privacy class (PRODUCT.md "Channel classes"): decides the default policy and whether reveals are possible. */
  class: 'case_room' | 'team' | 'broad';
  /** Longer text than the topic (details pane); '' when none. */
  description: string;
  /** Archived channels are read-only (posting answers 409 `channel_archived`). */
  archived: boolean;
  /** When it was archived (ISO-8601), null when not archived. */
  archivedAt: string | null;
}

/** Per-caller figures; absent ones default to a member's neutral view (used in events). */
export interface ChannelFigures {
  memberCount: number;
  isMember?: boolean;
  unreadCount?: number;
  mentionCount?: number;
  /** Display name override (DMs: the other members' names joined). */
  displayName?: string;
  /** Members above which a private channel is broad (default: `ENCLAVE_BROAD_THRESHOLD`, 50). */
  broadThreshold?: number;
  /** Description and archive state (`channel_details`); none / not archived when absent. */
  details?: { description: string; archivedAt: string | null } | undefined;
}

export function presentChannel(row: Selectable<ChannelsTable>, f: ChannelFigures): ChannelJson {
  return {
    id: row.id,
    name: f.displayName ?? row.name,
    visibility: row.visibility === 'public' ? 'public' : 'private',
    kind: row.kind === 'dm' ? 'dm' : 'channel',
    topic: row.topic,
    createdAt: row.created_at,
    memberCount: f.memberCount,
    isMember: f.isMember ?? true,
    unreadCount: f.unreadCount ?? 0,
    mentionCount: f.mentionCount ?? 0,
    lastMessageAt: row.last_message_at,
    class: channelClassOfRow(row, f.memberCount, f.broadThreshold ?? broadThresholdFromEnv()),
    description: f.details?.description ?? '',
    archived: (f.details?.archivedAt ?? null) !== null,
    archivedAt: f.details?.archivedAt ?? null,
  };
}

/** Same rule as `channelClassFromChat`: public or more than `threshold` members → broad; case rooms; else team. */
export function channelClassOfRow(row: Pick<Selectable<ChannelsTable>, 'visibility' | 'kind'>, memberCount: number, threshold: number): ChannelJson['class'] {
  if (row.visibility === 'public' || memberCount > threshold) return 'broad';
  return row.kind === 'case' ? 'case_room' : 'team';
}
