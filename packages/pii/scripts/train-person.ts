/**
 * Trains the PERSON/LOCATION tagger and writes `src/person/model/person.bin` and the city
 * gazetteer `src/places/cities.bin` (`npm run train`).
 *
 * Training data (and nothing else): the train splits of the Broad Twitter Corpus
 * (`names/broad-twitter-corpus/btc.train.conll`) and WNUT-2017 (`names/wnut17/wnut17train.conll`),
 * both CC BY 4.0, of CoNLL-2003 (`names/conll2003/eng.train`, Reuters text, research use) and the
 * Enron e-mail coreference train threads (`chat/enron-emailcoref/emailcoref-mentions.train.jsonl`)
 * (see `packages/pii/NOTICE`), read from `../shared/data`; plus sentences generated
 * from Presidio's `pii/presidio-synth/templates.txt` and from `src/person/train/own-templates.ts`,
 * filled with faker values. Casing-augmented copies (lower, UPPER, Title, entity spans alone in
 * UPPER) of the texts are added.
 * No evaluation set (CoNLL-2003 testa, BTC dev, WNUT dev, Enron test threads, Presidio JSON) is read.
 *
 * Privacy: word-identity features exist only for tokens seen ≥ MIN_VOCAB_COUNT times in the
 * training text and never inside a person span of the real corpora; all features are hashed,
 * so the file carries no string from the training text.
 *
 * Deterministic: fixed seeds for faker, augmentation and the per-epoch shuffles.
 * Exits with status 2 when `../shared/data` (or `$ENCLAVE_DATA_DIR`, relative to the repository root) is missing.
 * Tuning knobs (defaults are what ships): PERSON_EPOCHS, PERSON_BITS, PERSON_DROP, PERSON_DROP_OTHER,
 * PERSON_FILLS, PERSON_OWN_FILLS, PERSON_NEWS, PERSON_SHOUT, PERSON_CITY_FLAGS; PERSON_OUT writes the model elsewhere (for trials).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { btcClass, readConll, readConll2003, readEnronMentions, wnutClass, type Example, type Span } from '../src/person/train/corpus.ts';
import { TemplateFiller, recase, respace, rng, shoutSpans } from '../src/person/train/generate.ts';
import { OWN_TEMPLATES } from '../src/person/train/own-templates.ts';
import { AveragedPerceptron } from '../src/person/train/perceptron.ts';
import { baseLexicon } from '../src/person/train/build-lexicon.ts';
import { buildCities } from '../src/places/build.ts';
import { LexFlag, Lexicon, MIN_VOCAB_COUNT } from '../src/person/lexicon.ts';
import { K_WORD, Tokens, tokenize } from '../src/person/tokenizer.ts';
import {
  CLASS_PER, MAX_FEATURES, N_TAGS, Sentence, TAG_O, beginTag, dynamicFeatures, insideTag, isCandidate, staticFeatures,
} from '../src/person/features.ts';
import { constrainedPrev, decide, findNames, score, TaggerState } from '../src/person/tagger.ts';
import { screenTokens } from '../src/person/screen.ts';
import { DEFAULT_MODEL_URL, encodeModel, quantize, type PersonModel } from '../src/person/model.ts';

const SEED = 20261129;
const WEIGHT_BITS = Number(process.env.PERSON_BITS ?? 16);
const EPOCHS = Number(process.env.PERSON_EPOCHS ?? 12);
const FILLS_PER_TEMPLATE = Number(process.env.PERSON_FILLS ?? 40);
const FILLS_PER_OWN_TEMPLATE = Number(process.env.PERSON_OWN_FILLS ?? 60);
const GAZ_DROPOUT_NAME = Number(process.env.PERSON_DROP ?? 0.3);
const GAZ_DROPOUT_OTHER = Number(process.env.PERSON_DROP_OTHER ?? 0.1);
const HOLDOUT = process.env.PERSON_HOLDOUT === '1';
/** Share of examples copied with their entity spans in upper case. */
const SHOUT = Number(process.env.PERSON_SHOUT ?? 0.12);
/** PERSON_NEWS=0 leaves the CoNLL-2003 train split out. */
const WITH_NEWS = process.env.PERSON_NEWS !== '0';
const NAME_FLAGS = LexFlag.FIRST | LexFlag.LAST | LexFlag.NAME_LIST;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const dataDir = resolve(repoRoot, process.env.ENCLAVE_DATA_DIR ?? '../shared/data');

function need(path: string): string {
  if (!existsSync(path)) {
    console.error(`train-person: missing ${path}\nThe training data lives in ../shared/data beside the repository; it is not part of the repo.`);
    process.exit(2);
  }
  return path;
}

interface Prepared {
  tok: Tokens;
  sent: Sentence;
  gold: Uint8Array;
  featOff: Int32Array;
  featLen: Uint8Array;
}

function main(): void {
  const t0 = Date.now();
  need(dataDir);
  const btcAll = readConll(need(resolve(dataDir, 'names/broad-twitter-corpus/btc.train.conll')), btcClass);
  const wnutAll = readConll(need(resolve(dataDir, 'names/wnut17/wnut17train.conll')), wnutClass);
  // PERSON_HOLDOUT=1: every 10th post of the train splits is held out for validation (no model written)
  const keep = (_: Example, i: number): boolean => !HOLDOUT || i % 10 !== 0;
  const conllAll = WITH_NEWS ? readConll2003(need(resolve(dataDir, 'names/conll2003/eng.train'))) : [];
  const enronAll = readEnronMentions(need(resolve(dataDir, 'chat/enron-emailcoref/emailcoref-mentions.train.jsonl')));
  const btc = btcAll.filter(keep);
  const wnut = wnutAll.filter(keep);
  const conll = conllAll.filter(keep);
  const enron = enronAll.filter(keep);
  const heldOut = HOLDOUT ? [...btcAll, ...wnutAll, ...conllAll, ...enronAll].filter((e, i) => !keep(e, i)) : [];
  const templates = readFileSync(need(resolve(dataDir, 'pii/presidio-synth/templates.txt')), 'utf8')
    .split('\n').map((l) => l.trim()).filter((l) => l.length > 0);

  const filler = new TemplateFiller(SEED);
  const generated: Example[] = [];
  for (const t of templates) for (let i = 0; i < FILLS_PER_TEMPLATE; i++) generated.push(filler.fill(t));
  for (const t of OWN_TEMPLATES) for (let i = 0; i < FILLS_PER_OWN_TEMPLATE; i++) generated.push(filler.fill(t));

  const aug = rng(SEED + 1);
  const spaced = generated.filter(() => aug() < 0.3).map(respace);
  const base: Example[] = [...btc, ...wnut, ...conll, ...enron, ...generated, ...spaced];
  const all: Example[] = [];
  for (const ex of base) {
    all.push(ex);
    if (aug() < 0.35) all.push(recase(ex, 'lower'));
    if (aug() < 0.25) all.push(recase(ex, 'upper'));
    if (aug() < 0.1) all.push(recase(ex, 'title'));
    if (ex.spans.length > 0 && aug() < SHOUT) all.push(shoutSpans(ex));
  }
  console.log(`examples: btc ${btc.length}, wnut ${wnut.length}, conll ${conll.length}, enron ${enron.length}, generated ${generated.length} (+${spaced.length} news-spaced), with casing copies ${all.length}`);

  // lexicon: static lists + training vocabulary (frequent tokens, never inside a real name)
  const cities = buildCities();
  console.log(`cities: ${cities.names.length} names of GeoNames cities ≥ 15,000 inhabitants, cities.bin ${cities.bytes} bytes`);
  // PERSON_CITY_FLAGS=1 also flags the cities' words PLACE in the lexicon (tried: no gain, see NOTICE/report)
  const lexMap = baseLexicon(process.env.PERSON_CITY_FLAGS === '1' ? cities.names : []);
  const tok = new Tokens(1024);
  const counts = new Map<number, number>();
  const inName = new Set<number>();
  const countText = (text: string, spans: Span[], real: boolean): void => {
    tokenize(text, tok);
    for (let i = 0; i < tok.count; i++) {
      const h = tok.hash[i]!;
      if (h === 0) continue;
      counts.set(h, (counts.get(h) ?? 0) + 1);
      if (real && spans.some(([s, e, c]) => (c ?? CLASS_PER) === CLASS_PER && tok.start[i]! < e && s < tok.end[i]!)) inName.add(h);
    }
  };
  for (const ex of [...btc, ...wnut, ...conll, ...enron]) countText(ex.text, ex.spans, true);
  for (const t of [...templates, ...OWN_TEMPLATES]) countText(t.replace(/\{\{\w+\}\}/g, ' '), [], false);
  let vocab = 0;
  for (const [h, c] of counts) {
    if (c < MIN_VOCAB_COUNT) continue;
    const f = lexMap.get(h) ?? 0;
    if (inName.has(h) && (f & (LexFlag.COMMON10 | LexFlag.COMMON20)) === 0) continue;
    lexMap.set(h, f | LexFlag.VOCAB);
    vocab++;
  }
  // words whose only flag is the rarest English tier (SCOWL 40/50) are left out: such a word is
  // hardly different from an unknown one, and the 20,000 entries keep the file under 2 MiB
  for (const [h, f] of lexMap) if (f === LexFlag.COMMON50) lexMap.delete(h);
  const lexicon = Lexicon.build(lexMap);
  console.log(`lexicon: ${lexMap.size} entries (${vocab} vocabulary), ${lexicon.size} stored, palette ${lexicon.palette.length}`);

  // tokenize, gold tags, static features
  const prepared: Prepared[] = [];
  const drop = rng(SEED + 2);
  const featBuf = new Uint32Array(MAX_FEATURES);
  let featStore = new Uint32Array(1 << 24);
  let featUsed = 0;
  let goldTokens = 0, screened = 0, spansTotal = 0, spansLost = 0;
  for (const ex of all) {
    const t = new Tokens(64);
    screenTokens(ex.text, lexicon, t);
    const s = new Sentence(Math.max(1, t.count));
    s.prepare(t, lexicon);
    s.ensureAll();
    const gold = new Uint8Array(t.count);
    for (const [a, b, c] of ex.spans) {
      spansTotal++;
      let first = true;
      const cls = c ?? CLASS_PER;
      for (let i = 0; i < t.count; i++) {
        if (t.start[i]! >= a && t.start[i]! < b && (t.kind[i] === K_WORD || !first)) {
          gold[i] = first ? beginTag(cls) : insideTag(cls);
          first = false;
        }
      }
      if (first) spansLost++;
    }
    // a trailing period is not part of an entity
    for (let i = t.count - 1; i >= 0; i--) {
      if (gold[i] !== TAG_O && (gold[i]! & 1) === 0 && t.kind[i] !== K_WORD && (i + 1 >= t.count || gold[i + 1] !== gold[i])) gold[i] = TAG_O;
    }
    // gazetteer dropout: hide name-list flags of some tokens so that unknown names are learnt from context
    for (let i = 0; i < t.count; i++) {
      if ((s.lex[i]! & NAME_FLAGS) !== 0 && drop() < (gold[i] !== TAG_O ? GAZ_DROPOUT_NAME : GAZ_DROPOUT_OTHER)) {
        s.lex[i] = s.lex[i]! & ~NAME_FLAGS;
      }
    }
    const featOff = new Int32Array(t.count);
    const featLen = new Uint8Array(t.count);
    for (let i = 0; i < t.count; i++) {
      if (gold[i] !== TAG_O) {
        goldTokens++;
        if (!isCandidate(t, s, i, i > 0 ? gold[i - 1]! : TAG_O)) screened++;
      }
      const k = staticFeatures(ex.text, t, s, i, featBuf);
      if (featUsed + k > featStore.length) {
        const bigger = new Uint32Array(featStore.length * 2);
        bigger.set(featStore);
        featStore = bigger;
      }
      featStore.set(featBuf.subarray(0, k), featUsed);
      featOff[i] = featUsed;
      featLen[i] = k;
      featUsed += k;
    }
    prepared.push({ tok: t, sent: s, gold, featOff, featLen });
  }
  console.log(`names: ${spansTotal}, outside every screen window: ${spansLost}; tokens in names: ${goldTokens}, not candidates: ${screened}; features stored: ${featUsed}`);

  const model = new AveragedPerceptron(WEIGHT_BITS);
  const scores = new Float64Array(N_TAGS);
  const order = prepared.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const r = rng(SEED + 100 + epoch);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      const tmp = order[i]!; order[i] = order[j]!; order[j] = tmp;
    }
    let errors = 0, seen = 0;
    for (const idx of order) {
      const p = prepared[idx]!;
      let prev = TAG_O, prev2 = TAG_O;
      for (let i = 0; i < p.tok.count; i++) {
        let t = TAG_O;
        if (isCandidate(p.tok, p.sent, i, prev)) {
          const k0 = p.featLen[i]!;
          featBuf.set(featStore.subarray(p.featOff[i]!, p.featOff[i]! + k0));
          const k = dynamicFeatures(p.sent, p.tok, i, prev, prev2, featBuf, k0);
          score(model.w, WEIGHT_BITS, 1, featBuf, k, scores);
          t = decide(scores, constrainedPrev(p.tok, i, prev));
          const g = p.gold[i]!;
          // an I that cannot continue the previous tag is learnt as B of its class
          const truth = g !== TAG_O && (g & 1) === 0 && prev !== g && prev !== g - 1 ? g - 1 : g;
          if (t !== truth) { model.update(featBuf, k, truth, t); errors++; }
          model.tick();
          seen++;
        }
        prev2 = prev;
        prev = t;
      }
    }
    console.log(`epoch ${epoch + 1}/${EPOCHS}: ${errors} errors on ${seen} candidate tokens (${(100 * errors / seen).toFixed(2)}%)`);
  }

  const { weights, quantum } = quantize(model.averaged());
  const final: PersonModel = { weightBits: WEIGHT_BITS, weights, quantum, lexicon, scale: 1 };
  // score scale: median margin (chosen tag over O) of the name tokens found in a sample of the training texts
  const st = new TaggerState();
  const margins: number[] = [];
  for (let i = 0; i < all.length; i += 7) {
    findNames(all[i]!.text, final, st);
    for (let j = 0; j < st.tokens.count; j++) if (st.tags[j] !== TAG_O) margins.push(st.margins[j]!);
  }
  margins.sort((a, b) => a - b);
  const scale = Math.max(0.1, margins[Math.floor(margins.length / 2)] ?? 1);
  if (HOLDOUT) {
    validate(heldOut, { ...final, scale });
    return;
  }
  const bytes = encodeModel({ ...final, scale });
  const out = process.env.PERSON_OUT !== undefined ? resolve(process.env.PERSON_OUT) : fileURLToPath(DEFAULT_MODEL_URL);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  console.log(`wrote ${out} (${(bytes.length / 1048576).toFixed(2)} MiB, scale ${scale.toFixed(2)}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/** Exact-span precision / recall / F1 (score ≥ 0.4) on held-out training posts. */
function validate(examples: Example[], model: PersonModel): void {
  const st = new TaggerState();
  let tp = 0, fp = 0, fn = 0;
  for (const ex of examples) {
    const got = findNames(ex.text, model, st).filter((x) => x.score >= 0.4).map((x) => `${x.start}:${x.end}`);
    const gold = new Set(ex.spans.map(([a, b]) => `${a}:${b}`));
    for (const g of got) if (gold.has(g)) tp++; else fp++;
    for (const g of gold) if (!got.includes(g)) fn++;
  }
  const p = tp / Math.max(1, tp + fp), r = tp / Math.max(1, tp + fn);
  console.log(`held-out (${examples.length} posts, ${tp + fn} names): P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${(2 * p * r / Math.max(1e-9, p + r)).toFixed(3)}`);
}

main();
