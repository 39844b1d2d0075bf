/** A person's presence as a coloured dot with its word for screen readers (active / away / offline). */
import { useChat } from '../state/store-context.ts';

/** The dot for `userId`. */
export function PresenceDot({ userId }: { userId: string }) {
  const { store } = useChat();
  const p = store.presenceOf(userId);
  const word = p === 'active' ? 'Active' : p === 'away' ? 'Away' : 'Offline';
  return (
    <span className={`presence ${p}`} title={word} role="img" aria-label={word} />
  );
}
