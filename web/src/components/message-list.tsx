/**
 * A scrollable list of messages that sticks to the bottom while the reader is there, keeps the
 * reader's place when older messages are prepended, and asks for older history when scrolled
 * near the top. New messages are announced politely to screen readers (the list is a log).
 */
import { useId, useLayoutEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { Message } from '../api/types.ts';
import { useChat } from '../state/store-context.ts';
import { MessageItem } from './message-item.tsx';

/** Props of {@link MessageList}. */
export interface MessageListProps {
  messages: Message[];
  label: string;
  hasMore?: boolean;
  loadingOlder?: boolean;
  onLoadOlder?: () => void;
  onOpenThread?: (m: Message) => void;
  highlightId?: string | null;
  /** Shown before the first message (e.g. the thread root, or "start of channel"). */
  header?: ReactNode;
  /** Changes when the caller sent a message: scroll to the bottom. */
  sentTick?: number;
  /** Draw the "New messages" line before this message. */
  newDividerBeforeId?: string | null;
}

const GROUP_MS = 5 * 60_000;

/** The message log. */
export function MessageList(props: MessageListProps) {
  const { messages, hasMore, loadingOlder, onLoadOlder } = props;
  const { store, state } = useChat();
  const box = useRef<HTMLDivElement>(null);
  const pos = useRef({ stick: true, distFromBottom: 0, firstId: '', lastId: '', sentTick: 0 });

  function onScroll(): void {
    const el = box.current;
    if (!el) return;
    const dist = el.scrollHeight - el.scrollTop - el.clientHeight;
    pos.current.stick = dist < 40;
    pos.current.distFromBottom = dist;
    if (el.scrollTop < 200 && hasMore && !loadingOlder) onLoadOlder?.();
  }

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const p = pos.current;
    const first = messages[0]?.id ?? '';
    const last = messages.at(-1)?.id ?? '';
    const prepended = p.firstId !== '' && first !== p.firstId && last === p.lastId;
    if (props.sentTick !== undefined && props.sentTick !== p.sentTick) {
      p.sentTick = props.sentTick;
      p.stick = true;
    }
    if (prepended && !p.stick) el.scrollTop = el.scrollHeight - el.clientHeight - p.distFromBottom;
    else if (p.stick) el.scrollTop = el.scrollHeight;
    p.firstId = first;
    p.lastId = last;
    // Not enough to scroll yet but more history exists: fetch it.
    if (el.scrollHeight <= el.clientHeight && hasMore && !loadingOlder) onLoadOlder?.();
  });

  useLayoutEffect(() => {
    if (!props.highlightId) return;
    const el = document.getElementById(`msg-${props.highlightId}`);
    if (el) {
      pos.current.stick = false;
      el.scrollIntoView({ block: 'center' });
    }
  }, [props.highlightId, messages]);

  const hintId = useId();

  /** Up/Down/Home/End move focus between message rows (when a row itself has focus). */
  function onListKey(e: KeyboardEvent<HTMLUListElement>): void {
    const row = e.target as HTMLElement;
    if (!row.matches('li.msg')) return;
    const rows = [...e.currentTarget.querySelectorAll<HTMLElement>(':scope > li.msg')];
    const i = rows.indexOf(row);
    const to =
      e.key === 'ArrowUp' ? rows[i - 1] : e.key === 'ArrowDown' ? rows[i + 1] : e.key === 'Home' ? rows[0] : e.key === 'End' ? rows.at(-1) : undefined;
    if (!to) return;
    e.preventDefault();
    to.focus();
  }

  let prev: Message | undefined;
  let prevDay = '';
  const rows: ReactNode[] = [];
  for (const m of messages) {
    const day = new Date(m.createdAt).toDateString();
    if (day !== prevDay) {
      rows.push(
        <li key={`day-${m.id}`} className="day">
          <span>{new Date(m.createdAt).toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' })}</span>
        </li>,
      );
    }
    const divider = m.id === props.newDividerBeforeId;
    if (divider) {
      rows.push(
        <li key="new-messages" id="new-messages" className="new-divider">
          <span>New messages</span>
        </li>,
      );
    }
    const compact =
      !divider &&
      !!prev &&
      day === prevDay &&
      prev.authorId === m.authorId &&
      !prev.deletedAt &&
      Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_MS &&
      (prev.replyCount ?? 0) === 0;
    rows.push(
      <MessageItem
        key={m.id}
        message={m}
        authorName={store.userName(m.authorId)}
        compact={compact}
        isMine={m.authorId === state.me.id}
        mentionsMe={m.mentions?.includes(state.me.id) ?? false}
        highlighted={m.id === props.highlightId}
        onOpenThread={props.onOpenThread ? () => props.onOpenThread?.(m) : undefined}
        onEdit={(text, chips) => store.edit(m.id, text, chips)}
        onDelete={() => store.remove(m)}
        tabStop={m === messages.at(-1)}
      />,
    );
    prev = m;
    prevDay = day;
  }

  return (
    <div className="messages" ref={box} onScroll={onScroll} tabIndex={-1}>
      {loadingOlder && <p className="muted center small">Loading older messages…</p>}
      {!hasMore && props.header}
      {/* The log wraps the list: a list keeps its list semantics (axe `listitem`), the log announces additions. */}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={props.label} aria-describedby={hintId}>
        <ul className="message-list" onKeyDown={onListKey}>
          {rows}
        </ul>
      </div>
      <p id={hintId} className="sr-only">
        Use the up and down arrow keys to move between messages, Tab to reach a message's actions.
      </p>
    </div>
  );
}
