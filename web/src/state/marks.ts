/**
 * Which messages are pinned (per channel) and saved (by me), for the message actions and the
 * details pane. Kept in memory only; pins reload on `pin.added` / `pin.removed` stream events,
 * saved items on each change made here. Read with {@link useMarks}.
 */
import { useSyncExternalStore } from 'react';
import { pinsApi, savedApi, type Pin } from '../api/channel-extras-endpoints.ts';
import { onPinChange } from './pin-changes.ts';

interface MarksState {
  /** Pins per loaded channel, newest pin first. */
  pins: ReadonlyMap<string, readonly Pin[]>;
  /** Ids of my saved messages (the newest 200). */
  saved: ReadonlySet<string>;
}

let state: MarksState = { pins: new Map(), saved: new Set() };
const listeners = new Set<() => void>();

function set(patch: Partial<MarksState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

/** Loads (or reloads) the pins of a channel I belong to; errors leave the old list. */
export async function loadPins(channelId: string): Promise<void> {
  const { pins } = await pinsApi.list(channelId);
  set({ pins: new Map(state.pins).set(channelId, pins) });
}

/** Loads the ids of my saved messages. */
export async function loadSaved(): Promise<void> {
  const { items } = await savedApi.list({ limit: 200 });
  set({ saved: new Set(items.map((i) => i.message.id)) });
}

/** Pins or unpins a message; the stream event reloads the channel's pins for everyone. */
export async function setPinned(channelId: string, messageId: string, pinned: boolean): Promise<void> {
  await (pinned ? pinsApi.pin(messageId) : pinsApi.unpin(messageId));
  await loadPins(channelId);
}

/** Saves or unsaves a message. */
export async function setSaved(messageId: string, saved: boolean): Promise<void> {
  await (saved ? savedApi.save(messageId) : savedApi.unsave(messageId));
  const next = new Set(state.saved);
  if (saved) next.add(messageId);
  else next.delete(messageId);
  set({ saved: next });
}

onPinChange((channelId) => {
  if (state.pins.has(channelId)) void loadPins(channelId).catch(() => undefined);
});

function subscribe(cb: () => void): () => void {
  listeners.add(cb);
  return () => {
    listeners.delete(cb);
  };
}

/** The current pins and saved ids (re-renders on change). */
export function useMarks(): MarksState {
  return useSyncExternalStore(subscribe, () => state);
}
