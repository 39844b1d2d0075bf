/**
 * The cases a message mentions (`case #1234`), as the server resolves them for this reader
 * (`GET /messages/:id/case-mentions`). Asked only when the text has a mention; answers are kept
 * for a minute per message and text, so a scrolling list does not ask again and again.
 */
import { useEffect, useState } from 'react';
import { request } from '../api/client.ts';
import { hasCaseMention, type CaseMention } from '../lib/case-mentions.ts';

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; cases: CaseMention[] }>();

/** The mentioned cases of message `messageId` with text `text` (empty until known or on error). */
export function useCaseMentions(messageId: string, text: string): CaseMention[] {
  const key = `${messageId}\0${text}`;
  const hit = cache.get(key);
  const fresh = hit !== undefined && Date.now() - hit.at < TTL_MS;
  const [cases, setCases] = useState<CaseMention[]>(hit?.cases ?? []);
  const wanted = hasCaseMention(text);
  useEffect(() => {
    if (!wanted || fresh) return;
    let live = true;
    request<{ cases: CaseMention[] }>('GET', `/messages/${encodeURIComponent(messageId)}/case-mentions`).then(
      (r) => {
        cache.set(key, { at: Date.now(), cases: r.cases });
        if (live) setCases(r.cases);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key, messageId, wanted, fresh]);
  return wanted ? (hit?.cases ?? cases) : [];
}
