/**
 * A person's profile card (issue 12): avatar or initials, shown name, account name, title, team,
 * local time in their time zone, status and presence, and "Send a message" (opens the DM). On one's
 * own card, "Edit profile" opens {@link ProfileEditor}. Mounted once by {@link ProfileHost}.
 */
import { useEffect, useState } from 'react';
import { errorText } from '../../api/client.ts';
import { channelsApi } from '../../api/endpoints.ts';
import { peopleApi, type Profile } from '../../api/people-endpoints.ts';
import { localTime, shownName } from '../../lib/people.ts';
import { navigate } from '../../router.ts';
import { useChat } from '../../state/store-context.ts';
import { Dialog } from '../dialog.tsx';
import { PresenceDot } from '../presence-dot.tsx';
import { Avatar } from './avatar.tsx';
import { onOpenProfile } from './open-profile.ts';
import { ProfileEditor } from './profile-editor.tsx';

/** The profile card of `userId`. */
export function ProfileDialog({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { store, state } = useChat();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const mine = userId === state.me.id;

  useEffect(() => {
    let live = true;
    peopleApi.profile(userId).then(
      (p) => live && setProfile(p),
      (err: unknown) => live && setError(errorText(err)),
    );
    return () => void (live = false);
  }, [userId]);

  async function message(): Promise<void> {
    try {
      const ch = await channelsApi.openDm([userId]);
      store.upsertChannel(ch);
      onClose();
      navigate(`/c/${encodeURIComponent(ch.id)}`);
    } catch (err) {
      setError(errorText(err));
    }
  }

  const title = profile ? shownName(profile) : 'Profile';
  const time = profile ? localTime(profile.timeZone) : null;
  return (
    <Dialog title={title} onClose={onClose} className="profile-dialog">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!profile && !error && <p role="status">Loading…</p>}
      {profile && !editing && (
        <div className="profile-card">
          <Avatar userId={profile.id} name={shownName(profile)} url={profile.avatarUrl} size={96} />
          <dl className="profile-fields">
            {profile.displayName && (
              <>
                <dt>Account name</dt>
                <dd>{profile.name}</dd>
              </>
            )}
            <dt>Presence</dt>
            <dd>
              <PresenceDot userId={profile.id} /> {store.presenceOf(profile.id) === 'active' ? 'Active' : store.presenceOf(profile.id) === 'away' ? 'Away' : 'Offline'}
            </dd>
            {profile.statusText || profile.statusEmoji ? (
              <>
                <dt>Status</dt>
                <dd className="profile-status">
                  {profile.statusEmoji && <span aria-hidden="true">{profile.statusEmoji} </span>}
                  {profile.statusText}
                </dd>
              </>
            ) : null}
            {profile.title && (
              <>
                <dt>Title</dt>
                <dd>{profile.title}</dd>
              </>
            )}
            {profile.team && (
              <>
                <dt>Team</dt>
                <dd>{profile.team}</dd>
              </>
            )}
            {profile.timeZone && (
              <>
                <dt>Local time</dt>
                <dd>
                  {time ?? '—'} <span className="muted small">({profile.timeZone})</span>
                </dd>
              </>
            )}
            <dt>Role</dt>
            <dd>{profile.role.replace(/_/g, ' ')}</dd>
            <dt>E-mail</dt>
            <dd>{profile.email}</dd>
          </dl>
          <div className="row">
            {mine ? (
              <button type="button" className="primary" data-autofocus onClick={() => setEditing(true)}>
                Edit profile
              </button>
            ) : (
              <button type="button" className="primary" data-autofocus onClick={() => void message()}>
                Send a message
              </button>
            )}
          </div>
        </div>
      )}
      {profile && editing && (
        <ProfileEditor
          profile={profile}
          onSaved={(p) => {
            setProfile(p);
            setEditing(false);
          }}
          onCancel={() => {
            setEditing(false);
            peopleApi.profile(userId).then(setProfile, (err: unknown) => setError(errorText(err)));
          }}
        />
      )}
    </Dialog>
  );
}

/** Listens for {@link openProfile} requests and shows the card; mount once in the workspace. */
export function ProfileHost() {
  const [userId, setUserId] = useState<string | null>(null);
  useEffect(() => onOpenProfile(setUserId), []);
  if (!userId) return null;
  return <ProfileDialog key={userId} userId={userId} onClose={() => setUserId(null)} />;
}
