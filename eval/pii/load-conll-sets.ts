/**
 * Loaders for the token-level sets: CoNLL-2003 `eng.testa`, Broad Twitter Corpus `btc.dev`,
 * WNUT-17 `emerging.dev` (formats in each folder's SOURCE.md under `../shared/data/names/`).
 * One sentence / tweet / post is one document; text rebuilt by `rebuildSentence`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityType } from '@enclave/pii';
import { parseConll, rebuildSentence, type Token } from './conll.ts';
import { mapLabel } from './entity-map.ts';
import type { Dataset, EvalDoc, Span } from './types.ts';

/** Types scored on the news / social sets: PERSON is the target; LOCATION is reported too. */
const NAME_SET_TYPES: readonly EntityType[] = ['PERSON', 'LOCATION'];

function plainSet(dataDir: string, rel: string, id: string, title: string, notes: string[]): Dataset {
  const sentences = parseConll(readFileSync(join(dataDir, rel), 'utf8'));
  const docs: EvalDoc[] = sentences.map((tokens, i) => {
    const s = rebuildSentence(tokens);
    const gold: Span[] = [];
    for (const e of s.entities) {
      const type = mapLabel(e.label);
      if (type && NAME_SET_TYPES.includes(type)) gold.push({ type, start: e.start, end: e.end });
    }
    return { id: `${id}#${i}`, text: s.text, gold };
  });
  return { id, title, scored: NAME_SET_TYPES, docs, notes };
}

/** CoNLL-2003 English dev set (IOB1 tags; news, many ALL-CAPS headlines and sports tables). */
export function loadConllTesta(dataDir: string): Dataset {
  return plainSet(dataDir, 'names/conll2003/eng.testa', 'conll-testa', 'CoNLL-2003 eng.testa', [
    'text = tokens joined by single spaces; PER → PERSON, LOC → LOCATION, ORG/MISC not scored',
  ]);
}

/** WNUT-17 dev (handles are tagged O upstream; USERNAME findings are therefore not scored here). */
export function loadWnutDev(dataDir: string): Dataset {
  return plainSet(dataDir, 'names/wnut17/emerging.dev.conll', 'wnut17-dev', 'WNUT-17 emerging.dev', [
    'person → PERSON, location → LOCATION; @handles are tagged O upstream, USERNAME not scored',
  ]);
}

const isAt = (t: Token): boolean => t.text === '@';

/**
 * Broad Twitter Corpus dev. Upstream splits a handle into `@` and the name, both tagged
 * (mostly B-PER, sometimes B-ORG/B-LOC/O). Our choice, following SOURCE.md ("merge @ + next
 * token into one span"): the text is rebuilt with `@` glued to the next token (`@colgo`, as it
 * was typed), and EVERY handle — split or already glued (`@name` tokens, tagged O) — becomes one
 * USERNAME gold span whatever its upstream tag, since a handle is an account name in our
 * taxonomy. PER entities that include a handle are removed from PERSON gold (no double count).
 */
export function loadBtcDev(dataDir: string): Dataset {
  const sentences = parseConll(readFileSync(join(dataDir, 'names/broad-twitter-corpus/btc.dev.conll'), 'utf8'));
  let handlesFromPer = 0;
  let handles = 0;
  const docs: EvalDoc[] = sentences.map((tokens, i) => {
    const s = rebuildSentence(tokens, (prev) => isAt(prev));
    const handleTokens = new Set<number>();
    const gold: Span[] = [];
    tokens.forEach((t, k) => {
      const next = tokens[k + 1];
      const [start] = s.offsets[k] ?? [0, 0];
      if (isAt(t) && next) {
        handleTokens.add(k).add(k + 1);
        gold.push({ type: 'USERNAME', start, end: s.offsets[k + 1]?.[1] ?? start });
        handles++;
      } else if (/^@\w/.test(t.text) && !(k > 0 && isAt(tokens[k - 1] ?? t))) {
        handleTokens.add(k);
        gold.push({ type: 'USERNAME', start, end: s.offsets[k]?.[1] ?? start });
        handles++;
      }
    });
    for (const e of s.entities) {
      const type = mapLabel(e.label);
      if (!type || !NAME_SET_TYPES.includes(type)) continue;
      let touchesHandle = false;
      for (let k = e.first; k <= e.last; k++) if (handleTokens.has(k)) touchesHandle = true;
      if (touchesHandle) {
        if (type === 'PERSON') handlesFromPer++;
        continue;
      }
      gold.push({ type, start: e.start, end: e.end });
    }
    return { id: `btc-dev#${i}`, text: s.text, gold };
  });
  return {
    id: 'btc-dev',
    title: 'Broad Twitter Corpus btc.dev',
    scored: ['PERSON', 'USERNAME', 'LOCATION'],
    docs,
    notes: [
      `"@" glued to the following token; all ${handles} @handles scored as USERNAME (any upstream tag); ` +
        `${handlesFromPer} PER entity pieces that are handles removed from PERSON gold`,
    ],
  };
}
