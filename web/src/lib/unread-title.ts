/** The document title with the unread count first, as chat apps do: `(3) Enclave`; `Enclave` when none. */
export function unreadTitle(unread: number, base = 'Enclave'): string {
  if (!Number.isFinite(unread) || unread <= 0) return base;
  return `(${unread > 999 ? '999+' : Math.floor(unread)}) ${base}`;
}
