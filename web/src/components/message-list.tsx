/**
 * A scrollable, virtualized list of messages (@tanstack/react-virtual): only the rows near the
 * viewport are in the DOM whatever the history's length, each row measured once drawn (rows
 * differ in height). The list sticks to the bottom while the reader is there
 * (`followOnAppend`), keeps the reader's place when older messages are prepended
 * (`anchorTo: 'end'`), and asks for older history when scrolled near the top. New messages are
 * announced politely to screen readers (the list is a log); the focused row always stays drawn.
 */
import { useVirtualizer, defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import {
  Fragment,
  memo,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from 'react';
import type { Message } from '../api/types.ts';
import type { ChatStore } from '../state/chat-store.ts';
import { useChat } from '../state/store-context.ts';
import { formatTime } from '../lib/time-format.ts';
import { MessageItem } from './message-item.tsx';

/** Imperative actions of {@link MessageList}. */
export interface MessageListHandle {
  /** Scrolls the "New messages" line into view and focuses the first message after it. */
  jumpToNewDivider: () => void;
}

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
  /** Receives the list's {@link MessageListHandle}. */
  handle?: Ref<MessageListHandle>;
}

const GROUP_MS = 5 * 60_000;
/** Rows drawn beyond each edge of the viewport. */
const OVERSCAN = 8;
/** Older history is requested when the reader is this close to the top (px). */
const LOAD_OLDER_PX = 400;

/**
 * One virtual row: a message with the day line and the "New messages" line drawn before it, so
 * every row's key is its message id — stable when older pages are prepended (the reader's place
 * is kept by that key) — and each row is one message for keyboard moves.
 */
interface Row {
  key: string;
  message: Message;
  compact: boolean;
  /** The day line drawn before the message (first message of a local day), else null. */
  dayLabel: string | null;
  /** The "New messages" line is drawn before the message. */
  divider: boolean;
}

/** The rows for `messages` (day lines, the divider, compact grouping); pure. */
function buildRows(messages: readonly Message[], dividerBeforeId: string | null | undefined): Row[] {
  const rows: Row[] = [];
  let prev: Message | undefined;
  let prevDay = '';
  for (const m of messages) {
    const day = formatTime(m.createdAt, 'dayKey');
    const divider = m.id === dividerBeforeId;
    const compact =
      !divider &&
      !!prev &&
      day === prevDay &&
      prev.authorId === m.authorId &&
      !prev.deletedAt &&
      Date.parse(m.createdAt) - Date.parse(prev.createdAt) < GROUP_MS &&
      (prev.replyCount ?? 0) === 0;
    rows.push({ key: m.id, message: m, compact, divider, dayLabel: day !== prevDay ? formatTime(m.createdAt, 'day') : null });
    prev = m;
    prevDay = day;
  }
  return rows;
}

function estimate(row: Row | undefined): number {
  if (!row) return 56;
  return (row.compact ? 30 : 56) + (row.dayLabel ? 40 : 0) + (row.divider ? 30 : 0);
}

/** Height of a row (px): the message's `<li>` plus the day / "New messages" lines just before it. */
function measureRow(el: Element): number {
  let h = el.getBoundingClientRect().height;
  for (let prev = el.previousElementSibling; prev && (prev.classList.contains('day') || prev.classList.contains('new-divider')); prev = prev.previousElementSibling) {
    h += prev.getBoundingClientRect().height;
  }
  return h;
}

/** Props of {@link MessageRow}: everything a row's drawing depends on, compared shallowly. */
interface MessageRowProps {
  message: Message;
  store: ChatStore;
  authorName: string;
  compact: boolean;
  isMine: boolean;
  mentionsMe: boolean;
  highlighted: boolean;
  tabStop: boolean;
  /** Stable across renders; `null` hides thread actions (thread pane). */
  openThread: ((m: Message) => void) | null;
}

/** A message row, redrawn only when its message or its props change. */
const MessageRow = memo(function MessageRow(p: MessageRowProps) {
  const { message: m, store, openThread } = p;
  return (
    <MessageItem
      message={m}
      authorName={p.authorName}
      compact={p.compact}
      isMine={p.isMine}
      mentionsMe={p.mentionsMe}
      highlighted={p.highlighted}
      onOpenThread={openThread ? () => openThread(m) : undefined}
      onEdit={(text, chips) => store.edit(m.id, text, chips)}
      onDelete={() => store.remove(m)}
      tabStop={p.tabStop}
    />
  );
});

/** The message log. */
export function MessageList(props: MessageListProps) {
  const { messages, hasMore, loadingOlder, onLoadOlder, newDividerBeforeId, highlightId } = props;
  const { store, state } = useChat();
  const box = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const rows = useMemo(() => buildRows(messages, newDividerBeforeId), [messages, newDividerBeforeId]);
  const rowsRef = useRef(rows);
  rowsRef.current = rows;
  const [scrollMargin, setScrollMargin] = useState(0);
  /** Key of the row holding focus: always drawn, so focus is never dropped with it. */
  const focusedKey = useRef<string | null>(null);
  /** Key of a message row to focus once it is drawn (keyboard moves to a row not drawn yet). */
  const focusNext = useRef<string | null>(null);
  const pos = useRef({ firstId: '', sentTick: props.sentTick ?? 0, highlighted: '', autoLoadedAt: '' });

  const openThreadRef = useRef(props.onOpenThread);
  openThreadRef.current = props.onOpenThread;
  const hasThreads = props.onOpenThread !== undefined;
  const openThread = useCallback((m: Message) => openThreadRef.current?.(m), []);

  /** A row to draw even off screen (the target of a keyboard move or jump until it has focus). */
  const [pinKey, setPinKey] = useState<string | null>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const out = defaultRangeExtractor(range);
      for (const key of [focusedKey.current, pinKey]) {
        if (key === null) continue;
        const i = rowsRef.current.findIndex((r) => r.key === key);
        if (i >= 0 && !out.includes(i)) out.push(i);
      }
      return out.sort((a, b) => a - b);
    },
    [pinKey],
  );

  /** Focuses message row `key` now if drawn, else once drawn (kept drawn meanwhile). */
  const focusRow = useCallback((key: string) => {
    const el = list.current?.querySelector<HTMLElement>(`li.msg[data-message-id="${CSS.escape(key)}"]`);
    if (el) {
      el.focus();
      return;
    }
    focusNext.current = key;
    setPinKey(key);
  }, []);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => box.current,
    estimateSize: (i) => estimate(rowsRef.current[i]),
    getItemKey: (i) => rowsRef.current[i]?.key ?? i,
    overscan: OVERSCAN,
    scrollMargin,
    rangeExtractor,
    measureElement: measureRow,
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: 40,
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();

  // Where the list starts inside the scroller (below the header): the virtualizer's scroll margin.
  useLayoutEffect(() => {
    const el = box.current;
    const ul = list.current;
    const top = head.current;
    if (!el || !ul || !top) return;
    const update = (): void => {
      const margin = ul.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop;
      setScrollMargin((m) => (Math.abs(m - margin) >= 1 ? margin : m));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(top);
    ro.observe(ul); // a short list sits lower (pushed to the bottom) until it fills the scroller
    return () => ro.disconnect();
  }, []);

  // Measure the drawn rows (each virtual item draws one message <li>, in order, after its day/new lines).
  useLayoutEffect(() => {
    const ul = list.current;
    if (!ul) return;
    virtualizer.measureElement(null); // forget rows no longer drawn
    const lis = ul.querySelectorAll<HTMLElement>(':scope > li.msg');
    for (let k = 0; k < items.length && k < lis.length; k++) {
      const li = lis[k] as HTMLElement;
      const index = String(items[k]?.index);
      if (li.dataset.index !== index) li.dataset.index = index;
      virtualizer.measureElement(li);
    }
    if (focusNext.current) {
      const el = ul.querySelector<HTMLElement>(`li.msg[data-message-id="${CSS.escape(focusNext.current)}"]`);
      if (el) {
        focusNext.current = null;
        el.focus();
        setPinKey(null);
      }
    }
  });

  // First page: start at the bottom. A message the caller sent: back to the bottom.
  useLayoutEffect(() => {
    const p = pos.current;
    const first = messages[0]?.id ?? '';
    if (p.firstId === '' && first !== '' && !highlightId) virtualizer.scrollToEnd();
    p.firstId = first;
    if (props.sentTick !== undefined && props.sentTick !== p.sentTick) {
      p.sentTick = props.sentTick;
      virtualizer.scrollToEnd();
    }
    const el = box.current;
    if (!el || !hasMore || loadingOlder) return;
    // Not enough to scroll yet but more history exists: fetch it.
    if (el.scrollHeight <= el.clientHeight) onLoadOlder?.();
    // Still near the top once a page came in (no scroll event fires for a reader already at 0):
    // fetch the next one, once per page so a failing fetch does not loop.
    else if (el.scrollTop < scrollMargin + LOAD_OLDER_PX && p.autoLoadedAt !== first) {
      p.autoLoadedAt = first;
      onLoadOlder?.();
    }
  });

  // A message to show (permalink, search): scroll it to the middle once it is loaded.
  useEffect(() => {
    if (!highlightId || pos.current.highlighted === highlightId) return;
    const i = rows.findIndex((r) => r.key === highlightId);
    if (i < 0) return;
    pos.current.highlighted = highlightId;
    virtualizer.scrollToIndex(i, { align: 'center' });
  }, [highlightId, rows, virtualizer]);

  useImperativeHandle(
    props.handle,
    () => ({
      jumpToNewDivider: () => {
        const i = rowsRef.current.findIndex((r) => r.divider);
        const next = rowsRef.current[i];
        if (!next) return;
        virtualizer.scrollToIndex(i, { align: 'start' });
        focusRow(next.key);
      },
    }),
    [virtualizer, focusRow],
  );

  function onScroll(): void {
    const el = box.current;
    if (!el) return;
    if (el.scrollTop < scrollMargin + LOAD_OLDER_PX && hasMore && !loadingOlder) onLoadOlder?.();
  }

  const hintId = useId();

  /** Up/Down/Home/End move focus between message rows (when a row itself has focus). */
  function onListKey(e: KeyboardEvent<HTMLUListElement>): void {
    const row = e.target as HTMLElement;
    if (!row.matches('li.msg')) return;
    const all = rowsRef.current;
    const i = all.findIndex((r) => r.key === row.dataset.messageId);
    if (i < 0) return;
    const to = e.key === 'ArrowUp' ? i - 1 : e.key === 'ArrowDown' ? i + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1 : -1;
    const target = all[to];
    if (!target || to === i) return;
    e.preventDefault();
    virtualizer.scrollToIndex(to, { align: 'auto' });
    focusRow(target.key);
  }

  function onFocusIn(e: FocusEvent<HTMLUListElement>): void {
    const li = (e.target as HTMLElement).closest<HTMLElement>('.message-list > li.msg');
    const i = li?.dataset.index;
    focusedKey.current = i === undefined ? null : (rowsRef.current[Number(i)]?.key ?? null);
  }

  function onFocusOut(e: FocusEvent<HTMLUListElement>): void {
    if (!e.currentTarget.contains(e.relatedTarget as Node | null)) focusedKey.current = null;
  }

  // The list's single Tab stop: the newest message if drawn, else the last drawn message.
  let tabStop: string | null = null;
  const lastDrawn = rows[items.at(-1)?.index ?? -1];
  if (lastDrawn) tabStop = lastDrawn.key;

  const first = items[0];
  const last = items.at(-1);
  const padTop = first ? Math.max(0, first.start - scrollMargin) : 0;
  const padBottom = last ? Math.max(0, virtualizer.getTotalSize() - (last.end - scrollMargin)) : 0;

  return (
    <div className="messages" ref={box} onScroll={onScroll} tabIndex={-1}>
      <div className="messages-head" ref={head}>
        {!hasMore && props.header}
      </div>
      {loadingOlder && (
        <p className="loading-older muted center small" role="status">
          <span>Loading older messages…</span>
        </p>
      )}
      {/* The log wraps the list: a list keeps its list semantics (axe `listitem`), the log announces additions. */}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={props.label} aria-describedby={hintId}>
        <ul
          className="message-list virtual"
          ref={list}
          onKeyDown={onListKey}
          onFocus={onFocusIn}
          onBlur={onFocusOut}
          style={{ paddingTop: padTop, paddingBottom: padBottom }}
        >
          {items.map((it, k) => {
            const r = rows[it.index];
            if (!r) return null;
            const m = r.message;
            // A row kept drawn off screen (the focused one) leaves a gap to the next drawn row: hold its place.
            const before = items[k - 1];
            const gap = before && it.index > before.index + 1 ? it.start - before.end : 0;
            return (
              <Fragment key={r.key}>
                {gap > 0 && <li className="gap" aria-hidden="true" style={{ height: gap }} />}
                {r.dayLabel !== null && (
                  <li className="day">
                    <span>{r.dayLabel}</span>
                  </li>
                )}
                {r.divider && (
                  <li id="new-messages" className="new-divider">
                    <span>New messages</span>
                  </li>
                )}
                <MessageRow
                  message={m}
                  store={store}
                  authorName={store.userName(m.authorId)}
                  compact={r.compact}
                  isMine={m.authorId === state.me.id}
                  mentionsMe={m.mentions?.includes(state.me.id) ?? false}
                  highlighted={m.id === highlightId}
                  tabStop={r.key === tabStop}
                  openThread={hasThreads ? openThread : null}
                />
              </Fragment>
            );
          })}
        </ul>
      </div>
      <p id={hintId} className="sr-only">
        Use the up and down arrow keys to move between messages, Tab to reach a message's actions.
      </p>
    </div>
  );
}
