/**
 * "Bob is typing…" under a channel's messages: who is typing there now (names only; the server
 * never sends what is typed). Announced politely to screen readers.
 */
import { useChat } from '../state/store-context.ts';

/** Words for the people typing: `Ada is typing…`, `Ada and Bob are typing…`, `Several people are typing…`. */
export function typingText(names: readonly string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}

/** The typing line of `channelId`. */
export function TypingLine({ channelId }: { channelId: string }) {
  const { store, state } = useChat();
  void state.typing; // re-render on typing changes
  const text = typingText(store.typingIn(channelId).map((id) => store.userName(id)));
  return (
    <p className="typing-line small" aria-live="polite">
      {text}
    </p>
  );
}
