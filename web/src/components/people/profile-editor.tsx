/**
 * Editing one's own profile: display name, title, team, time zone, status emoji and text, and the
 * avatar (upload or remove). The server refuses personal data in any text field (422
 * `personal_data_blocked`): its message is shown next to the form and nothing is saved.
 */
import { useState, type FormEvent } from 'react';
import { errorText } from '../../api/client.ts';
import { peopleApi, type Profile, type ProfilePatch } from '../../api/people-endpoints.ts';
import { shownName } from '../../lib/people.ts';
import { Avatar } from './avatar.tsx';

const ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['UTC'];

/** Props of {@link ProfileEditor}. */
export interface ProfileEditorProps {
  profile: Profile;
  onSaved: (p: Profile) => void;
  onCancel: () => void;
}

/** The edit form. */
export function ProfileEditor({ profile, onSaved, onCancel }: ProfileEditorProps) {
  const [form, setForm] = useState<Required<ProfilePatch>>({
    displayName: profile.displayName,
    title: profile.title,
    team: profile.team,
    timeZone: profile.timeZone,
    statusEmoji: profile.statusEmoji,
    statusText: profile.statusText,
  });
  const [current, setCurrent] = useState(profile);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await peopleApi.updateMine(form));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function avatar(file: File | undefined): Promise<void> {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      setCurrent(await peopleApi.uploadAvatar(file, file.name));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  async function removeAvatar(): Promise<void> {
    setError(null);
    try {
      await peopleApi.removeAvatar();
      setCurrent({ ...current, avatarUrl: null });
    } catch (err) {
      setError(errorText(err));
    }
  }

  const field = (key: keyof ProfilePatch, label: string, max: number, extra: { placeholder?: string; autoFocus?: boolean } = {}) => (
    <label>
      {label}
      <input
        aria-label={label}
        value={form[key]}
        maxLength={max}
        placeholder={extra.placeholder}
        data-autofocus={extra.autoFocus ? true : undefined}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  );

  return (
    <form className="form profile-editor" onSubmit={(e) => void save(e)} aria-describedby="profile-editor-note">
      <div className="row avatar-row">
        <Avatar userId={current.id} name={shownName({ name: current.name, displayName: form.displayName })} url={current.avatarUrl} size={64} />
        <label className="file-label">
          Upload a picture (JPEG, PNG, WebP or GIF)
          <input type="file" aria-label="Upload a picture" accept="image/jpeg,image/png,image/webp,image/gif" disabled={busy} onChange={(e) => void avatar(e.target.files?.[0])} />
        </label>
        {current.avatarUrl && (
          <button type="button" onClick={() => void removeAvatar()}>
            Remove picture
          </button>
        )}
      </div>
      <p id="profile-editor-note" className="muted small">
        Everyone in the workspace sees your profile: keep users’ personal data out of it.
      </p>
      {field('displayName', 'Display name', 80, { placeholder: current.name, autoFocus: true })}
      {field('title', 'Title', 100, { placeholder: 'e.g. Senior investigator' })}
      {field('team', 'Team', 100, { placeholder: 'e.g. Trust & Safety EMEA' })}
      <label>
        Time zone
        <select aria-label="Time zone" value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })}>
          <option value="">Not set</option>
          {ZONES.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <div className="row">
        <label className="status-emoji">
          Status emoji
          <input aria-label="Status emoji" value={form.statusEmoji} maxLength={32} placeholder="🙂" onChange={(e) => setForm({ ...form, statusEmoji: e.target.value })} />
        </label>
        {field('statusText', 'Status', 140, { placeholder: 'e.g. In the payments queue today' })}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          Save profile
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
