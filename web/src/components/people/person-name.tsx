/** A person's name as a button that opens their profile card (issue 12: "clicking a name opens the profile"). */
import type { ReactNode } from 'react';
import { openProfile } from './open-profile.ts';

/** Props of {@link PersonName}. */
export interface PersonNameProps {
  userId: string;
  children: ReactNode;
  className?: string;
}

/** The clickable name. */
export function PersonName({ userId, children, className }: PersonNameProps) {
  return (
    <button type="button" className={`person-name ${className ?? ''}`} onClick={() => openProfile(userId)}>
      {children}
    </button>
  );
}
