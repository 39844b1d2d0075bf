/**
 * Unlabeled real chat (IRC, SMS): share of messages the server altered, per source and per
 * entity type, and a review list of altered examples showing only the stored (tokenized) text
 * and the entity types — never the posted text.
 */
import type { ChatLine } from './corpus.ts';
import type { PostOutcome } from './post.ts';

/** Per source: posted, stored, altered; plus entity-type counts and review examples. */
export interface UnlabeledScore {
  bySource: Record<string, { posted: number; stored: number; altered: number; failed: number }>;
  byType: Record<string, number>;
  examples: Array<{ key: string; stored: string; types: string[] }>;
}

/** Scores the chat lines posted to `channelId`; keeps up to `maxExamples` examples spread over the run. */
export function scoreUnlabeled(lines: readonly ChatLine[], channelId: string, posts: Map<string, PostOutcome>, maxExamples: number): UnlabeledScore {
  const out: UnlabeledScore = { bySource: {}, byType: {}, examples: [] };
  const altered: UnlabeledScore['examples'] = [];
  for (const l of lines) {
    const s = (out.bySource[l.source] ??= { posted: 0, stored: 0, altered: 0, failed: 0 });
    const p = posts.get(`${channelId}/${l.key}`);
    if (!p) continue;
    s.posted++;
    if (p.status !== 201 || !p.message) {
      s.failed++;
      continue;
    }
    s.stored++;
    if (p.message.text === l.text && p.message.entities.length === 0) continue;
    s.altered++;
    const types = p.message.entities.map((e) => e.entityType);
    for (const t of types) out.byType[t] = (out.byType[t] ?? 0) + 1;
    altered.push({ key: l.key, stored: p.message.text, types });
  }
  const step = Math.max(1, altered.length / maxExamples);
  for (let i = 0; i < Math.min(maxExamples, altered.length); i++) out.examples.push(altered[Math.floor(i * step)] as UnlabeledScore['examples'][number]);
  return out;
}
