/**
 * Review helper for over-protection: runs `analyze()` (default settings, as the server's team
 * channel does) over the unlabeled chat sample `npm run eval:e2e` posts (the same deterministic
 * sample: `eval/e2e/corpus.ts`), prints the share of messages with a finding per source and entity
 * type, and (with `--show`) each altered message with its findings marked `[TYPE:value]`, for a
 * human to sort into kinds of fault. Local use only; prints chat text from `../shared/data`.
 * With `--memory`, one conversation memory (512 words, least recently used evicted, as the server's
 * per-channel memory) spans the whole sample, which the e2e run posts into one channel.
 * Usage: `npx tsx packages/pii/scripts/review-unlabeled.ts [N=1200] [--show] [--type PERSON] [--memory]`.
 */
import { resolve } from 'node:path';
import { analyze } from '../src/index.ts';
import type { ConversationMemory, MemoryEntityType } from '../src/index.ts';
import { loadUnlabeled } from '../../../eval/e2e/corpus.ts';

const args = process.argv.slice(2);
const n = Number(args.find((a) => /^\d+$/.test(a)) ?? 1200);
const show = args.includes('--show');
const onlyType = args.includes('--type') ? args[args.indexOf('--type') + 1] : undefined;
/** A plain LRU memory (the server's keeps keyed hashes; the behaviour is the same). */
class LruMemory implements ConversationMemory {
  readonly #words = new Map<string, MemoryEntityType>();
  get size(): number {
    return this.#words.size;
  }
  recall(word: string): MemoryEntityType | undefined {
    return this.#words.get(word);
  }
  remember(word: string, t: MemoryEntityType): void {
    const had = this.#words.get(word);
    this.#words.delete(word);
    this.#words.set(word, had === 'PERSON' ? had : t);
    if (this.#words.size > 512) this.#words.delete(this.#words.keys().next().value as string);
  }
}
const memory = args.includes('--memory') ? new LruMemory() : undefined;
const lines = loadUnlabeled(resolve(import.meta.dirname, '../../../../shared/data'), n);
const stats = new Map<string, { posted: number; altered: number; types: Map<string, number> }>();
for (const l of lines) {
  const s = stats.get(l.source) ?? { posted: 0, altered: 0, types: new Map<string, number>() };
  stats.set(l.source, s);
  s.posted++;
  const f = analyze(l.text, memory ? { conversationMemory: memory } : {});
  if (f.length === 0) continue;
  s.altered++;
  for (const x of f) s.types.set(x.entityType, (s.types.get(x.entityType) ?? 0) + 1);
  if (show && (!onlyType || f.some((x) => x.entityType === onlyType))) {
    let out = '';
    let at = 0;
    for (const x of f) {
      out += `${l.text.slice(at, x.start)}[${x.entityType}${x.recognizer === "conversation-memory" ? "(memory)" : ""}:${l.text.slice(x.start, x.end)}]`;
      at = x.end;
    }
    console.log(`${l.key}\t${(out + l.text.slice(at)).replace(/\s+/g, ' ').slice(0, 220)}`);
  }
}
for (const [k, s] of stats) console.log(`${k}: ${s.altered}/${s.posted} altered (${((100 * s.altered) / s.posted).toFixed(1)}%) ${[...s.types].map(([t, c]) => `${t} ${c}`).join(', ')}`);
