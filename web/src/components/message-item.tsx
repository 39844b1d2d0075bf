/**
 * One message row: author, time, "edited" marker, text, reply count (thread roots), and the
 * author's edit/delete actions. Editing is inline: Enter saves, Escape cancels.
 */
import { useRef, useState, type KeyboardEvent } from 'react';
import { ApiError, errorText } from '../api/client.ts';
import type { Message } from '../api/types.ts';
import { EditHistoryDialog } from './edit-history-dialog.tsx';
import { MessageReactions } from './message-reactions.tsx';
import { PersonName } from './people/person-name.tsx';
import { MessageMarkButtons } from './message-marks.tsx';
import { PresenceDot } from './presence-dot.tsx';
import { MessageText } from './message-text.tsx';
import { useCaseMentions } from './use-case-mentions.ts';
import { FileAttachments } from './files/file-attachments.tsx';
import { applyDraftChange, type ChipDraft, type DraftChip } from '../lib/chip-draft.ts';
import { permalinkPath } from '../router.ts';
import { formatTime } from '../lib/time-format.ts';

/** Props of {@link MessageItem}. */
export interface MessageItemProps {
  message: Message;
  authorName: string;
  /** Hide the author line (same author as the previous message, shortly before). */
  compact: boolean;
  isMine: boolean;
  mentionsMe: boolean;
  highlighted?: boolean;
  /** Shown on roots in the channel view; absent inside the thread pane. */
  onOpenThread?: () => void;
  /** Saves an edit: the new text and the chips it kept (token + span in the new text). */
  onEdit: (text: string, chips: DraftChip[]) => Promise<void>;
  onDelete: () => Promise<void>;
  /** This row is the list's single Tab stop (arrow keys move between rows). */
  tabStop?: boolean;
}

/** Formats an ISO time as the local `HH:MM` (one cached formatter, memoized per instant). */
export function shortTime(iso: string): string {
  return formatTime(iso, 'time');
}

/** A message row. */
export function MessageItem(props: MessageItemProps) {
  const { message: m, authorName, compact, isMine, mentionsMe, highlighted, onOpenThread } = props;
  const [editing, setEditing] = useState(false);
  const [draft, setDraftState] = useState<ChipDraft>({ text: '', chips: [] });
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const [copied, setCopied] = useState(false);
  const [picking, setPicking] = useState(false);
  const deleted = m.deletedAt !== null;
  const replies = m.replyCount ?? 0;
  const caseMentions = useCaseMentions(m.id, deleted ? '' : m.text);
  const row = useRef<HTMLLIElement>(null);

  /** Leaves edit mode; focus goes back to the row (the text box it had is gone). */
  function stopEditing(): void {
    setEditing(false);
    requestAnimationFrame(() => row.current?.focus());
  }

  async function save(): Promise<void> {
    if (!draft.text.trim()) return;
    try {
      await props.onEdit(draft.text, draft.chips);
      stopEditing();
      setError(null);
    } catch (err) {
      // A refused edit (422 personal_data_blocked) also says where such data belongs.
      const hint = err instanceof ApiError && typeof err.details.hint === 'string' ? ` ${err.details.hint}` : '';
      setError(`${errorText(err)}${hint}`);
    }
  }

  function onKey(e: KeyboardEvent<HTMLTextAreaElement>): void {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      stopEditing();
    } else if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void save();
    }
  }

  const cls = ['msg', compact ? 'compact' : '', mentionsMe ? 'mention' : '', highlighted ? 'highlight' : '', deleted ? 'deleted' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <li
      ref={row}
      className={cls}
      id={`msg-${m.id}`}
      data-message-id={m.id}
      tabIndex={props.tabStop ? 0 : -1}
      aria-label={`${authorName} at ${shortTime(m.createdAt)}`}
    >
      {!compact && (
        <div className="msg-head">
          <PresenceDot userId={m.authorId} />
          <PersonName userId={m.authorId} className="msg-author">
            {authorName}
          </PersonName>
          <time dateTime={m.createdAt} title={formatTime(m.createdAt, 'dateTime')}>
            {shortTime(m.createdAt)}
          </time>
        </div>
      )}
      {deleted ? (
        <p className="msg-text muted">This message was deleted.</p>
      ) : editing ? (
        <div className="msg-edit">
          <textarea
            aria-label="Edit message"
            value={draft.text}
            autoFocus
            aria-describedby={draft.chips.length > 0 ? `chips-${m.id}` : undefined}
            onChange={(e) => setDraftState((d) => applyDraftChange(d, e.target.value))}
            onKeyDown={onKey}
          />
          <div className="row">
            <button type="button" className="primary" onClick={() => void save()} disabled={!draft.text.trim()}>
              Save
            </button>
            <button type="button" onClick={stopEditing}>
              Cancel
            </button>
            <span className="muted small">Enter to save · Escape to cancel</span>
            {draft.chips.length > 0 && (
              <span className="muted small" id={`chips-${m.id}`}>
                {draft.chips.length === 1 ? '1 protected item' : `${draft.chips.length} protected items`} in brackets stay protected; editing
                inside one removes it.
              </span>
            )}
          </div>
        </div>
      ) : (
        <div className="msg-body">
          <MessageText text={m.text} entities={m.entities} caseMentions={caseMentions} />
          {m.files && m.files.length > 0 && <FileAttachments files={m.files} />}
          {m.editedAt && (
            <button
              type="button"
              className="edited"
              title={`Edited ${formatTime(m.editedAt, 'dateTime')}: show history`}
              onClick={() => setShowHistory(true)}
            >
              (edited)
            </button>
          )}
          {showHistory && <EditHistoryDialog messageId={m.id} onClose={() => setShowHistory(false)} />}
        </div>
      )}
      {!deleted && !editing && <MessageReactions message={m} picking={picking} onPickingChange={setPicking} />}
      {onOpenThread && replies > 0 && !m.threadRootId && (
        <button type="button" className="link-button replies" onClick={onOpenThread}>
          {replies === 1 ? '1 reply' : `${replies} replies`}
        </button>
      )}
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {!deleted && !editing && (
        <div className="msg-actions" role="group" aria-label="Message actions">
          {onOpenThread && !m.threadRootId && (
            <button type="button" onClick={onOpenThread}>
              Reply in thread
            </button>
          )}
          <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            Add reaction
          </button>
          <button
            type="button"
            onClick={() => {
              // The link carries ids only; opening it repeats the usual access check.
              const url = `${window.location.origin}${permalinkPath(m.channelId, m.id)}`;
              navigator.clipboard.writeText(url).then(
                () => {
                  setCopied(true);
                  setTimeout(() => setCopied(false), 2000);
                },
                () => setError('Could not copy the link.'),
              );
            }}
          >
            {copied ? 'Link copied' : 'Copy link'}
          </button>
          <MessageMarkButtons message={m} onError={setError} />
          {isMine && (
            <button
              type="button"
              onClick={() => {
                setDraftState({ text: m.text, chips: m.entities.map((e) => ({ token: e.token, start: e.start, end: e.end })) });
                setEditing(true);
              }}
            >
              Edit
            </button>
          )}
          {isMine &&
            (confirming ? (
              <>
                <button
                  type="button"
                  className="danger"
                  autoFocus
                  onClick={() => {
                    setConfirming(false);
                    props.onDelete().catch((err: unknown) => setError(errorText(err)));
                  }}
                >
                  Confirm delete
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setConfirming(false);
                    requestAnimationFrame(() => row.current?.focus());
                  }}
                >
                  Keep
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Delete
              </button>
            ))}
        </div>
      )}
    </li>
  );
}
