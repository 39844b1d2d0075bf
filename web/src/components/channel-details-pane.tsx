/**
 * The channel details pane (issue 12), opened from the channel header: topic and description
 * (editable by members), members with presence, pinned messages, files, and the channel's
 * lifecycle actions — archive / unarchive (owners and admins), leave, or hide for a DM.
 */
import './channels.css';
import { useEffect, useState, type FormEvent } from 'react';
import { errorText } from '../api/client.ts';
import { channelsApi } from '../api/endpoints.ts';
import { channelLifecycleApi, type ChannelFile } from '../api/channel-extras-endpoints.ts';
import type { Channel, Member } from '../api/types.ts';
import { navigate, permalinkPath } from '../router.ts';
import { loadPins, useMarks } from '../state/marks.ts';
import { useChat } from '../state/store-context.ts';
import { MessageText } from './message-text.tsx';
import { PresenceDot } from './presence-dot.tsx';
import { channelTitle } from './channel-view.tsx';

/** Props of {@link ChannelDetailsPane}. */
export interface ChannelDetailsPaneProps {
  channel: Channel;
  onClose: () => void;
}

/** Details pane of one channel or DM. */
export function ChannelDetailsPane({ channel, onClose }: ChannelDetailsPaneProps) {
  const { store, state } = useChat();
  const marks = useMarks();
  const [members, setMembers] = useState<Member[] | null>(null);
  const [files, setFiles] = useState<ChannelFile[] | null>(null);
  const [canManage, setCanManage] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [description, setDescription] = useState(channel.description ?? '');
  const [confirmLeave, setConfirmLeave] = useState(false);
  const title = channelTitle(channel);
  const pins = marks.pins.get(channel.id) ?? [];

  useEffect(() => {
    const fail = (err: unknown) => setError(errorText(err));
    channelsApi.members(channel.id).then((r) => setMembers(r.members), fail);
    channelLifecycleApi.files(channel.id).then((r) => setFiles(r.files), fail);
    loadPins(channel.id).catch(fail);
    if (channel.kind === 'channel') channelLifecycleApi.settings(channel.id).then((s) => setCanManage(s.canManage), () => setCanManage(false));
  }, [channel.id, channel.kind, channel.memberCount]);

  async function act(fn: () => Promise<unknown>): Promise<void> {
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(errorText(err));
    }
  }

  async function saveDescription(e: FormEvent): Promise<void> {
    e.preventDefault();
    await act(async () => {
      store.upsertChannel({ ...channel, ...(await channelLifecycleApi.update(channel.id, { description })) });
      setEditing(false);
    });
  }

  const archive = (archived: boolean) =>
    act(async () => {
      const updated = await (archived ? channelLifecycleApi.archive(channel.id) : channelLifecycleApi.unarchive(channel.id));
      store.upsertChannel({ ...channel, ...updated });
    });

  const leave = () =>
    act(async () => {
      await (channel.kind === 'dm' ? channelLifecycleApi.hide(channel.id) : channelLifecycleApi.leave(channel.id));
      onClose();
      await store.reloadChannels();
      navigate('/');
    });

  return (
    <aside className="side-pane details-pane" aria-label={`Details of ${title}`}>
      <header className="pane-head">
        <h2>Details</h2>
        <button type="button" className="icon-button" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <div className="pane-scroll">
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {channel.archived && (
          <p className="notice" role="status">
            This channel is archived: it is read-only.
          </p>
        )}
        <section aria-labelledby="details-about">
          <h3 id="details-about">About</h3>
          <p>
            <strong>Topic:</strong> {channel.topic || <span className="muted">none</span>}
          </p>
          {editing ? (
            <form className="form" onSubmit={(e) => void saveDescription(e)}>
              <label>
                Description
                <textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={1000} rows={3} data-autofocus />
              </label>
              <p className="muted small">Shown to everyone who can see the channel: no personal data here.</p>
              <div className="row end">
                <button type="button" onClick={() => setEditing(false)}>
                  Cancel
                </button>
                <button type="submit" className="primary">
                  Save description
                </button>
              </div>
            </form>
          ) : (
            <p>
              <strong>Description:</strong> {channel.description || <span className="muted">none</span>}{' '}
              {channel.kind === 'channel' && !channel.archived && (
                <button type="button" className="link-button" onClick={() => setEditing(true)}>
                  Edit description
                </button>
              )}
            </p>
          )}
        </section>
        <section aria-labelledby="details-members">
          <h3 id="details-members">Members ({channel.memberCount})</h3>
          {members === null ? (
            <p className="muted">Loading…</p>
          ) : (
            <ul className="plain-list details-members">
              {members.map((m) => (
                <li key={m.userId}>
                  <PresenceDot userId={m.userId} /> {m.name}
                  {m.userId === state.me.id && <span className="muted small"> (you)</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="details-pinned">
          <h3 id="details-pinned">Pinned ({pins.length})</h3>
          {pins.length === 0 ? (
            <p className="muted">No pinned messages. Pin one from its actions.</p>
          ) : (
            <ul className="plain-list details-pins">
              {pins.map((p) => (
                <li key={p.message.id}>
                  <button type="button" className="result-open" onClick={() => navigate(permalinkPath(channel.id, p.message.id))}>
                    {store.userName(p.message.authorId)} · pinned by {store.userName(p.pinnedBy)}
                  </button>
                  <MessageText text={p.message.text} entities={p.message.entities} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="details-files">
          <h3 id="details-files">Files</h3>
          {files === null ? (
            <p className="muted">Loading…</p>
          ) : files.length === 0 ? (
            <p className="muted">No files shared yet.</p>
          ) : (
            <ul className="plain-list details-files">
              {files.map((f) => (
                <li key={f.file.id}>
                  <button type="button" className="link-button" onClick={() => navigate(permalinkPath(channel.id, f.messageId))}>
                    {f.file.name}
                  </button>{' '}
                  <span className="muted small">
                    {store.userName(f.authorId)} · {new Date(f.createdAt).toLocaleDateString()}
                    {f.file.status !== 'ready' ? ` · ${f.file.status}` : ''}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="details-actions" className="details-actions">
          <h3 id="details-actions">Actions</h3>
          <div className="row">
            {channel.kind === 'channel' && channel.class !== 'case_room' && canManage && (
              <button type="button" onClick={() => void archive(!channel.archived)}>
                {channel.archived ? 'Unarchive channel' : 'Archive channel'}
              </button>
            )}
            {confirmLeave ? (
              <>
                <button type="button" className="danger" autoFocus onClick={() => void leave()}>
                  {channel.kind === 'dm' ? 'Confirm hide' : `Confirm leave ${title}`}
                </button>
                <button type="button" onClick={() => setConfirmLeave(false)}>
                  Stay
                </button>
              </>
            ) : (
              <button type="button" onClick={() => setConfirmLeave(true)}>
                {channel.kind === 'dm' ? 'Hide conversation' : 'Leave channel'}
              </button>
            )}
          </div>
        </section>
      </div>
    </aside>
  );
}
