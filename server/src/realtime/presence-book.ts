/**
 * Presence state of this node (issue 12): who reported being away, on top of who has an open
 * stream socket (the hub). Offline = no socket; away = reported idle or hidden; active otherwise.
 * Read by `GET /presence` and by the notification e-mails ("while away").
 */

/** A person's presence. */
export type Presence = 'active' | 'away' | 'offline';

/** Presence kept in memory; `connected(id)` is the hub's socket count. */
export class PresenceBook {
  readonly #away = new Set<string>();
  readonly #sockets: (userId: string) => number;

  constructor(sockets: (userId: string) => number) {
    this.#sockets = sockets;
  }

  /** Records the status the person's app reported. */
  report(userId: string, status: 'active' | 'away'): void {
    if (status === 'away') this.#away.add(userId);
    else this.#away.delete(userId);
  }

  /** The person's presence now. */
  of(userId: string): Presence {
    if (this.#sockets(userId) === 0) return 'offline';
    return this.#away.has(userId) ? 'away' : 'active';
  }
}
