/**
 * Opening a person's profile card from anywhere (message author, member list, directory) without
 * threading callbacks through every component: {@link openProfile} announces the user id, the one
 * `ProfileHost` of the workspace listens and shows the dialog.
 */

const EVENT = 'enclave:open-profile';

/** Asks the workspace to show `userId`'s profile card. */
export function openProfile(userId: string): void {
  window.dispatchEvent(new CustomEvent<string>(EVENT, { detail: userId }));
}

/** Calls `listener` with each requested user id; returns the unsubscribe function. */
export function onOpenProfile(listener: (userId: string) => void): () => void {
  const handler = (e: Event) => {
    const id = (e as CustomEvent<unknown>).detail;
    if (typeof id === 'string' && id) listener(id);
  };
  window.addEventListener(EVENT, handler);
  return () => window.removeEventListener(EVENT, handler);
}
