/** React access to the session's {@link ChatStore}. */
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatState, ChatStore } from './chat-store.ts';

/** Provides the store to the workspace tree. */
export const StoreContext = createContext<ChatStore | null>(null);

/** The store and its current snapshot; throws outside a provider. */
export function useChat(): { store: ChatStore; state: ChatState } {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useChat outside StoreContext');
  const state = useSyncExternalStore(store.subscribe, store.getState);
  return { store, state };
}
