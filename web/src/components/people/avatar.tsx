/**
 * A person's avatar: the uploaded picture (`GET /users/:id/avatar`, re-encoded by the server) or,
 * without one or when it fails to load, their initials on a colour derived from the user id.
 * Decorative by default (the name is always written next to it).
 */
import { useState } from 'react';
import { avatarColour, initials } from '../../lib/people.ts';
import './people.css';

/** Props of {@link Avatar}. */
export interface AvatarProps {
  userId: string;
  name: string;
  /** The profile's `avatarUrl`; null/undefined = initials. */
  url?: string | null;
  /** Side in CSS pixels (default 32). */
  size?: number;
}

/** The avatar image or initials. */
export function Avatar({ userId, name, url, size = 32 }: AvatarProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const style = { width: size, height: size, fontSize: Math.round(size * 0.42) };
  if (url && failed !== url) return <img className="avatar" src={url} alt="" width={size} height={size} style={style} onError={() => setFailed(url)} />;
  return (
    <span className="avatar avatar-initials" aria-hidden="true" style={{ ...style, background: avatarColour(userId) }}>
      {initials(name)}
    </span>
  );
}
