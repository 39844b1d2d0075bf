/**
 * Typed calls for pins, saved items, channel details and lifecycle (docs/api.md, "Pins and saved
 * items", "Channel details and lifecycle"). Each throws {@link ApiError} on failure.
 */
import { request } from './client.ts';
import type { Channel, FileInfo, Message } from './types.ts';

const enc = encodeURIComponent;

/** One pinned message. */
export interface Pin {
  message: Message;
  pinnedBy: string;
  pinnedAt: string;
}

/** One saved item (only messages the caller can still read). */
export interface SavedItem {
  message: Message;
  channelId: string;
  channelName: string;
  channelKind: 'channel' | 'dm';
  savedAt: string;
}

/** A file shared in a channel. */
export interface ChannelFile {
  file: FileInfo;
  messageId: string;
  authorId: string;
  createdAt: string;
}

/** Pins per channel. */
export const pinsApi = {
  list: (channelId: string) => request<{ pins: Pin[] }>('GET', `/channels/${enc(channelId)}/pins`),
  pin: (messageId: string) => request<void>('POST', `/messages/${enc(messageId)}/pin`),
  unpin: (messageId: string) => request<void>('DELETE', `/messages/${enc(messageId)}/pin`),
};

/** Saved items per person. */
export const savedApi = {
  list: (opts: { limit?: number; before?: string } = {}) => {
    const q = new URLSearchParams();
    if (opts.limit) q.set('limit', String(opts.limit));
    if (opts.before) q.set('before', opts.before);
    const s = q.toString();
    return request<{ items: SavedItem[]; hasMore: boolean }>('GET', `/saved${s ? `?${s}` : ''}`);
  },
  save: (messageId: string) => request<void>('POST', `/messages/${enc(messageId)}/save`),
  unsave: (messageId: string) => request<void>('DELETE', `/messages/${enc(messageId)}/save`),
};

/** Channel details and lifecycle. */
export const channelLifecycleApi = {
  update: (id: string, patch: { name?: string; topic?: string; description?: string }) => request<Channel>('PATCH', `/channels/${enc(id)}`, patch),
  archive: (id: string) => request<Channel>('POST', `/channels/${enc(id)}/archive`),
  unarchive: (id: string) => request<Channel>('POST', `/channels/${enc(id)}/unarchive`),
  leave: (id: string) => request<void>('POST', `/channels/${enc(id)}/leave`),
  hide: (id: string) => request<void>('POST', `/channels/${enc(id)}/hide`),
  files: (id: string) => request<{ files: ChannelFile[] }>('GET', `/channels/${enc(id)}/files`),
  settings: (id: string) => request<{ owners: string[]; canManage: boolean }>('GET', `/channels/${enc(id)}/settings`),
};
