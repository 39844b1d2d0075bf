/**
 * The main pane for one channel or DM: header (name, topic, members), live message list with
 * older history on scroll-up, and the composer (or a Join button for a public channel the
 * caller is not in). Focus moves to the composer when the channel opens.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { errorText } from '../api/client.ts';
import { channelsApi } from '../api/endpoints.ts';
import type { Channel, Message } from '../api/types.ts';
import { useChat } from '../state/store-context.ts';
import { classDescription } from '../lib/privacy-text.ts';
import { LockIcon } from './icons.tsx';
import { TypingLine } from './typing-line.tsx';
import { ChipLegendButton } from './chip-legend.tsx';
import { firstUnreadRootId } from '../lib/unread-divider.ts';
import { Composer, type ComposerHandle } from './composer.tsx';
import { UploadZone } from './files/upload-bar.tsx';
import { MembersDialog } from './members-dialog.tsx';
import { MessageList, type MessageListHandle } from './message-list.tsx';
import { loadPins } from '../state/marks.ts';
import { ChannelNotificationButton } from './channel-notification-settings.tsx';

/** Props of {@link ChannelView}. */
export interface ChannelViewProps {
  channel: Channel;
  onOpenThread: (m: Message) => void;
  /** A message to scroll to and highlight (from search). */
  jumpTo?: string | null;
  /** Opens the channel details pane (topic, members, pins, files, archive, leave). */
  onOpenDetails?: () => void;
}

/** `#name` for channels, the names for DMs. */
export function channelTitle(c: Pick<Channel, 'kind' | 'name'>): string {
  return c.kind === 'dm' ? c.name : `#${c.name}`;
}

/** Channel pane. */
export function ChannelView({ channel, onOpenThread, jumpTo, onOpenDetails }: ChannelViewProps) {
  const { store, state } = useChat();
  const people = useMemo(() => [...state.users.values()].filter((u) => u.active && u.id !== state.me.id), [state.users, state.me.id]);
  const [error, setError] = useState<string | null>(null);
  const [showMembers, setShowMembers] = useState(false);
  const [sentTick, setSentTick] = useState(0);
  const composer = useRef<ComposerHandle>(null);
  const list = useRef<MessageListHandle>(null);
  const data = state.messages[channel.id];
  // Deleted roots stay visible only while they carry a thread.
  const roots = (data?.list ?? []).filter((m) => !m.threadRootId && (!m.deletedAt || (m.replyCount ?? 0) > 0));
  // "New messages": fixed once, from the unread count this channel had when it opened.
  const [unreadAtOpen] = useState(channel.unreadCount);
  const [divider, setDivider] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (divider !== undefined || !data) return;
    setDivider(firstUnreadRootId(data.list, roots, unreadAtOpen, state.me.id));
  }, [data, divider, roots, unreadAtOpen, state.me.id]);
  const [jumped, setJumped] = useState(false);

  useEffect(() => {
    setError(null);
    if (!channel.isMember) return;
    store
      .openChannel(channel.id)
      .then(() => composer.current?.focus())
      .catch((err: unknown) => setError(errorText(err)));
    composer.current?.focus();
    loadPins(channel.id).catch(() => undefined);
  }, [channel.id, channel.isMember, store]);

  // Jump target older than what is loaded: page back until it appears (at most 20 pages).
  const jumpTries = useRef(0);
  useEffect(() => {
    jumpTries.current = 0;
  }, [jumpTo]);
  useEffect(() => {
    if (!jumpTo || !data || data.list.some((m) => m.id === jumpTo) || !data.hasMore || data.loadingOlder) return;
    if (jumpTries.current++ < 20) store.loadOlder(channel.id).catch(() => undefined);
  }, [jumpTo, data, channel.id, store]);

  async function join(): Promise<void> {
    try {
      await channelsApi.addMember(channel.id, state.me.id);
      await store.reloadChannels();
    } catch (err) {
      setError(errorText(err));
    }
  }

  const title = channelTitle(channel);
  return (
    <section className="channel" aria-label={title}>
      <header className="channel-head">
        <div className="channel-title">
          <h1>
            {channel.kind === 'channel' && channel.visibility === 'private' && (
              <LockIcon label="Private channel" />
            )}
            {title}
            {channel.class && (
              <span className={`class-badge ${channel.class}`} title={classDescription(channel.class).detail}>
                {classDescription(channel.class).label}
                <span className="sr-only">: {classDescription(channel.class).detail}</span>
              </span>
            )}
          </h1>
          {channel.topic && <p className="topic">{channel.topic}</p>}
        </div>
        <div className="channel-tools">
          <ChipLegendButton />
          {onOpenDetails && (
            <button type="button" className="details-button" onClick={onOpenDetails}>
              Details
            </button>
          )}
          {channel.isMember && <ChannelNotificationButton channelId={channel.id} />}
          {channel.isMember && (
            <button type="button" className="members-button" onClick={() => setShowMembers(true)}>
              {channel.memberCount === 1 ? '1 member' : `${channel.memberCount} members`}
            </button>
          )}
        </div>
      </header>
      {state.removedFrom === channel.id && (
        <p className="notice" role="status">
          You are no longer a member of this conversation.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {channel.isMember ? (
        <UploadZone channelId={channel.id} onUploaded={() => setSentTick((t) => t + 1)}>
          {divider && !jumped && (
            <button
              type="button"
              className="jump-unread"
              onClick={() => {
                setJumped(true);
                // The list is virtualized: it scrolls the line into view and focuses the message after it.
                list.current?.jumpToNewDivider();
              }}
            >
              Jump to first unread ({unreadAtOpen})
            </button>
          )}
          <MessageList
            handle={list}
            newDividerBeforeId={divider}
            label={`Messages in ${title}`}
            messages={roots}
            hasMore={data?.hasMore ?? true}
            loadingOlder={data?.loadingOlder}
            onLoadOlder={() => store.loadOlder(channel.id).catch((err: unknown) => setError(errorText(err)))}
            onOpenThread={onOpenThread}
            highlightId={jumpTo}
            sentTick={sentTick}
            header={
              data && (
                <div className="channel-start">
                  <h2>{title}</h2>
                  <p className="muted">
                    {channel.kind === 'dm' ? `This is the start of your conversation with ${channel.name}.` : `This is the very beginning of ${title}.`}
                  </p>
                </div>
              )
            }
          />
          <TypingLine channelId={channel.id} />
          {channel.archived ? (
            <p className="notice archived-notice" role="status">
              This channel is archived: its history stays readable, nobody can post. Owners and admins can unarchive it from Details.
            </p>
          ) : (
            <Composer
              key={channel.id}
              ref={composer}
              label={`Message ${title}`}
              channelId={channel.id}
              channelTitle={title}
              channelClass={channel.class}
              mentionCandidates={people}
              initialText={store.drafts.get(channel.id) ?? ''}
              onTextChange={(t) => {
                if (t) {
                  store.drafts.set(channel.id, t);
                  store.noteTyping(channel.id);
                } else store.drafts.delete(channel.id);
              }}
              autoFocus
              onSend={async (text) => {
                await store.send(channel.id, text);
                setSentTick((t) => t + 1);
              }}
            />
          )}
        </UploadZone>
      ) : (
        <div className="join-box">
          <p>You are not a member of {title}.</p>
          <button type="button" className="primary" onClick={() => void join()}>
            Join {title}
          </button>
        </div>
      )}
      {showMembers && <MembersDialog channel={channel} onClose={() => setShowMembers(false)} />}
    </section>
  );
}
