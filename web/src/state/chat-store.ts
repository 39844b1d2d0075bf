/**
 * The workspace's client state (channels, users, loaded messages, threads) kept outside React
 * and read with `useSyncExternalStore`. HTTP answers and stream events both go through
 * {@link mergeMessages}, so a message shows once however it arrives. Nothing is persisted:
 * state lives in memory only (no localStorage/sessionStorage).
 */
import { channelsApi, messagesApi, newClientMsgId, usersApi } from '../api/endpoints.ts';
import type { Channel, Me, Message, PrivacyAlertEvent, SequencedEvent, User } from '../api/types.ts';
import { applyReaction, type ReactionChange } from '../lib/reactions.ts';
import { countReply, mergeMessages } from '../lib/message-list.ts';
import type { StreamStatus } from '../realtime/stream.ts';
import { notifyPinChange } from './pin-changes.ts';

/** Messages of one channel as loaded so far (newest page plus older pages). */
export interface ChannelMessages {
  list: Message[];
  /** More history exists before `list[0]`. */
  hasMore: boolean;
  loadingOlder: boolean;
}

/** Replies of one thread. */
export interface ThreadMessages {
  channelId: string;
  replies: Message[];
  loaded: boolean;
}

/** Immutable snapshot handed to React. */
export interface ChatState {
  me: Me;
  users: ReadonlyMap<string, User>;
  channels: Channel[];
  messages: Readonly<Record<string, ChannelMessages>>;
  threads: Readonly<Record<string, ThreadMessages>>;
  activeChannelId: string | null;
  status: StreamStatus;
  /** Channel ids the caller was just removed from (to tell them why the view closed). */
  removedFrom: string | null;
  /** Privacy alerts received on the stream this session (privacy officers only), newest first. */
  privacyAlerts: PrivacyAlertEvent[];
  /** Presence of people with the app open (absent = offline), refreshed every 30 s. */
  presence: Readonly<Record<string, 'active' | 'away'>>;
  /** Who is typing where: channel id → user id → `Date.now()` when the notice lapses. */
  typing: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** How long a typing notice shows without a new one, ms (the server sends one per 3 s at most). */
export const TYPING_SHOWN_MS = 6000;
/** Least time between two typing notices the client sends for one channel, ms. */
export const TYPING_SEND_EVERY_MS = 3000;

const PAGE = 50;
/** Older history comes in larger pages (the list is virtualized: page size does not cost DOM). */
const OLDER_PAGE = 100;

/** Store with actions; one per signed-in session. */
export class ChatStore {
  private state: ChatState;
  private readonly listeners = new Set<() => void>();
  private readTimer: ReturnType<typeof setTimeout> | null = null;
  private userReload: Promise<void> | null = null;
  /** Unsent composer text per channel/thread key, in memory only (gone on sign-out or reload). */
  readonly drafts = new Map<string, string>();
  private readonly typingSentAt = new Map<string, number>();

  constructor(me: Me) {
    this.state = {
      me,
      users: new Map(),
      channels: [],
      messages: {},
      threads: {},
      activeChannelId: null,
      status: 'connecting',
      removedFrom: null,
      privacyAlerts: [],
      typing: {},
      presence: {},
    };
  }

  /** `useSyncExternalStore` subscribe. */
  subscribe = (cb: () => void): (() => void) => {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  };

  /** `useSyncExternalStore` snapshot. */
  getState = (): ChatState => this.state;

  private set(patch: Partial<ChatState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  setStatus(status: StreamStatus): void {
    if (status !== this.state.status) this.set({ status });
  }

  /** Loads channels and the user directory. */
  async loadInitial(): Promise<void> {
    await Promise.all([this.reloadChannels(), this.reloadUsers()]);
  }

  async reloadChannels(): Promise<void> {
    const { channels } = await channelsApi.list();
    this.set({ channels: sortChannels(channels) });
  }

  reloadUsers(): Promise<void> {
    this.userReload ??= usersApi
      .list()
      .then(({ users }) => this.set({ users: new Map(users.map((u) => [u.id, u])) }))
      .finally(() => {
        this.userReload = null;
      });
    return this.userReload;
  }

  /** Display name of a user id (loads the directory again for an unknown id). */
  userName(id: string): string {
    const u = this.state.users.get(id);
    if (u) return u.name;
    if (id === this.state.me.id) return this.state.me.name;
    void this.reloadUsers().catch(() => undefined);
    return 'Unknown user';
  }

  /** Makes `id` the channel on screen: loads its newest page if needed and marks it read. */
  async openChannel(id: string | null): Promise<void> {
    this.set({ activeChannelId: id, removedFrom: null });
    if (!id) return;
    if (!this.state.messages[id]) {
      const page = await messagesApi.page(id, { limit: PAGE });
      this.setMessages(id, {
        list: mergeMessages(this.current(id)?.list ?? [], page.messages),
        hasMore: page.hasMore,
        loadingOlder: false,
      });
    }
    this.markActiveRead();
  }

  /** Loads the page just older than the oldest loaded message; no-op while one is loading. */
  async loadOlder(id: string): Promise<void> {
    const cur = this.state.messages[id];
    if (!cur || !cur.hasMore || cur.loadingOlder || cur.list.length === 0) return;
    this.setMessages(id, { ...cur, loadingOlder: true });
    try {
      const page = await messagesApi.page(id, { before: cur.list[0]?.id, limit: OLDER_PAGE });
      const now = this.state.messages[id] ?? cur;
      this.setMessages(id, { list: mergeMessages(now.list, page.messages), hasMore: page.hasMore, loadingOlder: false });
    } catch (err) {
      this.setMessages(id, { ...(this.state.messages[id] ?? cur), loadingOlder: false });
      throw err;
    }
  }

  /** Loads a thread's replies (all pages). */
  async loadThread(channelId: string, rootId: string): Promise<void> {
    let replies: Message[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await messagesApi.page(channelId, { threadRootId: rootId, after, limit: 200 });
      replies = mergeMessages(replies, page.messages);
      if (!page.hasMore || page.messages.length === 0) break;
      after = replies.at(-1)?.id;
    }
    const cur = this.state.threads[rootId];
    this.setThread(rootId, { channelId, replies: mergeMessages(cur?.replies ?? [], replies), loaded: true });
  }

  /** Posts a message; the answer is merged at once (the stream copy is then a duplicate). */
  async send(channelId: string, text: string, threadRootId?: string): Promise<Message> {
    const { message } = await messagesApi.post(channelId, text, newClientMsgId(), threadRootId);
    this.applyMessage(message, 'created');
    return message;
  }

  /** Edits a message; `chips` are the issued chips the edit kept (their tokens stay). */
  async edit(id: string, text: string, chips?: Array<{ token: string; start: number; end: number }>): Promise<void> {
    const { message } = await messagesApi.edit(id, text, chips);
    this.applyMessage(message, 'updated');
  }

  async remove(message: Message): Promise<void> {
    await messagesApi.remove(message.id);
    this.applyMessage({ ...message, text: '', entities: [], deletedAt: new Date().toISOString() }, 'updated');
  }

  /** Adds or removes the caller's `emoji` on `message` (shown at once; the stream event is then a no-op). */
  async toggleReaction(message: Message, emoji: string): Promise<void> {
    const mine = message.reactions?.some((r) => r.emoji === emoji && r.userIds.includes(this.state.me.id)) ?? false;
    if (mine) await messagesApi.unreact(message.id, emoji);
    else await messagesApi.react(message.id, emoji);
    this.applyReactionChange(message.channelId, message.id, { emoji, userId: this.state.me.id, added: !mine });
  }

  /** Applies a reaction change to the loaded copies of a message (channel list and thread). */
  private applyReactionChange(channelId: string, messageId: string, change: ReactionChange): void {
    const patch = (list: Message[]) => list.map((m) => (m.id === messageId ? { ...m, reactions: applyReaction(m.reactions, change) } : m));
    const chan = this.state.messages[channelId];
    if (chan?.list.some((m) => m.id === messageId)) this.setMessages(channelId, { ...chan, list: patch(chan.list) });
    for (const [rootId, t] of Object.entries(this.state.threads)) {
      if (t.replies.some((m) => m.id === messageId)) this.setThread(rootId, { ...t, replies: patch(t.replies) });
    }
  }

  /** Reloads who is active or away. */
  async reloadPresence(): Promise<void> {
    const { presence } = await usersApi.presence();
    this.set({ presence });
  }

  /** `active`, `away` or `offline` for a user id. */
  presenceOf(userId: string): 'active' | 'away' | 'offline' {
    return this.state.presence[userId] ?? 'offline';
  }

  /** The caller typed in `channelId`: tells the others, at most once per {@link TYPING_SEND_EVERY_MS}. */
  noteTyping(channelId: string): void {
    const now = Date.now();
    if (now - (this.typingSentAt.get(channelId) ?? 0) < TYPING_SEND_EVERY_MS) return;
    this.typingSentAt.set(channelId, now);
    void channelsApi.typing(channelId).catch(() => undefined);
  }

  /** Someone is typing (an ephemeral stream frame); shown for {@link TYPING_SHOWN_MS}. */
  applyTyping(frame: { channelId: string; userId: string }): void {
    if (frame.userId === this.state.me.id) return;
    this.setTyping(frame.channelId, frame.userId, Date.now() + TYPING_SHOWN_MS);
    setTimeout(() => this.pruneTyping(), TYPING_SHOWN_MS + 50);
  }

  /** User ids typing in `channelId` now. */
  typingIn(channelId: string): string[] {
    const now = Date.now();
    return Object.entries(this.state.typing[channelId] ?? {})
      .filter(([, until]) => until > now)
      .map(([id]) => id);
  }

  private setTyping(channelId: string, userId: string, until: number | null): void {
    const cur = { ...(this.state.typing[channelId] ?? {}) };
    if (until === null) {
      if (!(userId in cur)) return;
      delete cur[userId];
    } else cur[userId] = until;
    this.set({ typing: { ...this.state.typing, [channelId]: cur } });
  }

  private pruneTyping(): void {
    const now = Date.now();
    let changed = false;
    const next: Record<string, Record<string, number>> = {};
    for (const [ch, who] of Object.entries(this.state.typing)) {
      const kept = Object.fromEntries(Object.entries(who).filter(([, until]) => until > now));
      if (Object.keys(kept).length !== Object.keys(who).length) changed = true;
      next[ch] = kept;
    }
    if (changed) this.set({ typing: next });
  }

  /** Forgets the privacy alerts shown so far (the audit log keeps them). */
  dismissPrivacyAlerts(): void {
    this.set({ privacyAlerts: [] });
  }

  /** Handles one stream event. */
  applyEvent(ev: SequencedEvent): void {
    switch (ev.type) {
      case 'message.created':
      case 'message.updated':
      case 'message.deleted':
        if (ev.message) this.applyMessage(ev.message, ev.type === 'message.created' ? 'created' : 'updated');
        // A sent message ends its author's typing notice.
        if (ev.type === 'message.created' && ev.message) this.setTyping(ev.message.channelId, ev.message.authorId, null);
        break;
      case 'channel.created':
      case 'channel.updated': {
        // Event copies carry no per-caller figures (unread, DM display name): patch shared
        // fields of a known channel, fetch the list for a new one.
        const known = ev.channel && this.state.channels.find((c) => c.id === ev.channel?.id);
        if (ev.channel && known) {
          const { topic, visibility, memberCount, description, archived, archivedAt } = ev.channel;
          this.patchChannel(known.id, { topic, visibility, memberCount, description, archived, archivedAt, ...(known.kind === 'channel' ? { name: ev.channel.name } : {}) });
        } else void this.reloadChannels().catch(() => undefined);
        break;
      }
      case 'channel.member_added':
        if (ev.userId === this.state.me.id || !ev.userId) void this.reloadChannels().catch(() => undefined);
        else this.bumpMembers(ev.channelId, 1);
        break;
      case 'channel.member_removed':
        if (ev.userId === this.state.me.id && ev.channelId) this.dropChannel(ev.channelId);
        else this.bumpMembers(ev.channelId, -1);
        break;
      case 'channel.read':
        if (ev.channelId) this.patchChannel(ev.channelId, { unreadCount: 0, mentionCount: 0 });
        break;
      case 'reaction.added':
      case 'reaction.removed':
        this.applyReactionChange(ev.channelId, ev.messageId, { emoji: ev.emoji, userId: ev.userId, added: ev.type === 'reaction.added' });
        break;
      case 'pin.added':
      case 'pin.removed':
        notifyPinChange(ev.channelId);
        break;
      case 'privacy.alert':
        this.set({ privacyAlerts: [ev, ...this.state.privacyAlerts].slice(0, 100) });
        break;
    }
  }

  /**
   * After the stream (re)connects without a replay (first connect or after `reset`): reloads
   * channels and fetches what came after the newest loaded message of each loaded channel.
   */
  async resync(): Promise<void> {
    await this.reloadChannels();
    await Promise.all(
      Object.entries(this.state.messages).map(async ([id, cur]) => {
        const last = cur.list.at(-1)?.id;
        const page = await messagesApi.page(id, last ? { after: last, limit: 200 } : { limit: PAGE }).catch(() => null);
        if (!page) return;
        const now = this.state.messages[id] ?? cur;
        this.setMessages(id, { ...now, list: mergeMessages(now.list, page.messages) });
      }),
    );
  }

  private applyMessage(message: Message, kind: 'created' | 'updated'): void {
    const id = message.channelId;
    const chan = this.state.messages[id];
    const rootId = message.threadRootId;
    const thread = rootId ? this.state.threads[rootId] : undefined;
    const known =
      (chan?.list.some((m) => m.id === message.id) ?? false) ||
      (thread?.replies.some((m) => m.id === message.id) ?? false);
    if (chan) {
      let list = mergeMessages(chan.list, [message]);
      if (kind === 'created' && rootId) list = countReply(list, message, known);
      this.setMessages(id, { ...chan, list });
    }
    if (rootId && thread) this.setThread(rootId, { ...thread, replies: mergeMessages(thread.replies, [message]) });
    // A root edited/deleted while its thread is open: keep the thread's copy of the root fresh via channel list.
    if (kind === 'created' && !known) this.countUnread(message);
  }

  private countUnread(message: Message): void {
    const ch = this.state.channels.find((c) => c.id === message.channelId);
    if (!ch) {
      void this.reloadChannels().catch(() => undefined);
      return;
    }
    const mine = message.authorId === this.state.me.id;
    const visible = this.state.activeChannelId === message.channelId && document.visibilityState === 'visible';
    const patch: Partial<Channel> = { lastMessageAt: message.createdAt };
    if (!mine && !visible) {
      patch.unreadCount = ch.unreadCount + 1;
      if (message.mentions?.includes(this.state.me.id)) patch.mentionCount = ch.mentionCount + 1;
    }
    this.patchChannel(ch.id, patch);
    if (!mine && visible) this.markActiveRead();
  }

  /** Marks the active channel read up to its newest loaded message (debounced 300 ms). */
  markActiveRead(): void {
    if (this.readTimer) clearTimeout(this.readTimer);
    this.readTimer = setTimeout(() => {
      const id = this.state.activeChannelId;
      const last = id ? this.state.messages[id]?.list.at(-1) : undefined;
      if (!id || !last) return;
      this.patchChannel(id, { unreadCount: 0, mentionCount: 0 });
      void channelsApi.markRead(id, last.id).catch(() => undefined);
    }, 300);
  }

  /** Adds or replaces a channel in the sidebar list. */
  upsertChannel(channel: Channel): void {
    const others = this.state.channels.filter((c) => c.id !== channel.id);
    this.set({ channels: sortChannels([...others, channel]) });
  }

  private patchChannel(id: string, patch: Partial<Channel>): void {
    if (!this.state.channels.some((c) => c.id === id)) return;
    this.set({ channels: this.state.channels.map((c) => (c.id === id ? { ...c, ...patch } : c)) });
  }

  private bumpMembers(id: string | undefined, delta: number): void {
    const ch = id ? this.state.channels.find((c) => c.id === id) : undefined;
    if (ch) this.patchChannel(ch.id, { memberCount: Math.max(0, ch.memberCount + delta) });
  }

  private dropChannel(id: string): void {
    const messages = { ...this.state.messages };
    delete messages[id];
    const threads = Object.fromEntries(Object.entries(this.state.threads).filter(([, t]) => t.channelId !== id));
    this.set({
      messages,
      threads,
      removedFrom: this.state.activeChannelId === id ? id : this.state.removedFrom,
    });
    void this.reloadChannels().catch(() => undefined);
  }

  /** Re-reads the latest snapshot's messages of a channel (after an await). */
  private current(id: string): ChannelMessages | undefined {
    return this.state.messages[id];
  }

  private setMessages(id: string, value: ChannelMessages): void {
    this.set({ messages: { ...this.state.messages, [id]: value } });
  }

  private setThread(rootId: string, value: ThreadMessages): void {
    this.set({ threads: { ...this.state.threads, [rootId]: value } });
  }
}

/** Channels first (by name), then DMs (by name). */
export function sortChannels(list: Channel[]): Channel[] {
  return [...list].sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'channel' ? -1 : 1));
}
