/**
 * Analyzer child (run with `--expose-gc`, after the server stopped, on its data folder): builds
 * the known-subject index exactly as the server does at start (`loadKnownSubjectIndex`: every
 * non-erased subject value decrypted from the vault) and measures
 *  - the memory it holds: `heapUsed` + `arrayBuffers` (the index's typed arrays live outside the
 *    JS heap) after full GCs, before and after the build, with nothing else allocated between;
 *  - the analyzer's throughput (`analyze(text)` of `@enclave/pii`, UTF-8 MiB/s) on real chat text
 *    (`bench/detect/corpora.ts`: IRC and SMS) without and with `{ knownSubjects: index }`,
 *    alternating in `rounds` rounds in this one process;
 *  - a sanity check: retyped seeded values (upper-cased e-mail, phone without punctuation,
 *    expanded IPv6, "Last, First") are found as KNOWN_SUBJECT.
 */
import { join } from 'node:path';
import { analyze } from '@enclave/pii';
import { sql } from 'kysely';
import { ROOT } from '../../eval/e2e/procs.ts';
import { loadConfig } from '../../server/src/config/index.ts';
import { openSqlite } from '../../server/src/db/database.ts';
import { loadKnownSubjectIndex } from '../../server/src/services/cases/known-values.ts';
import { createVaultFromConfig } from '../../server/src/services/vault/index.ts';
import { loadIrc, loadSms, type Corpus } from '../detect/corpora.ts';
import { throughput } from '../detect/measure.ts';
import { answer, heavyAccount, type AnalyzerRequest, type AnalyzerResult } from './protocol.ts';

const gc = (globalThis as { gc?: () => void }).gc;

function settle(): NodeJS.MemoryUsage {
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) gc();
  return process.memoryUsage();
}

function corpus(bytes: number): Corpus {
  const dataDir = join(ROOT, '../shared/data');
  const parts = [loadIrc(dataDir, Math.floor(bytes * 0.75)), loadSms(dataDir, Math.floor(bytes * 0.25))].filter((c): c is Corpus => c !== null);
  if (parts.length === 0) throw new Error(`no chat corpora under ${dataDir}/chat`);
  const messages = parts.flatMap((c) => c.messages);
  return { name: parts.map((c) => c.name).join(' + '), messages, bytes: parts.reduce((n, c) => n + c.bytes, 0) };
}

async function run(req: AnalyzerRequest): Promise<AnalyzerResult> {
  const config = loadConfig(process.env);
  const database = openSqlite(config.dataDir);
  try {
    const { vault } = createVaultFromConfig(config);
    const counts = await sql<{ values: number; subjects: number }>`
      SELECT count(*) AS "values", count(DISTINCT f.subject_id) AS subjects
      FROM subject_fields f JOIN subjects s ON s.id = f.subject_id WHERE s.erased_at IS NULL`.execute(database.db);
    const c = counts.rows[0] ?? { values: 0, subjects: 0 };
    const text = corpus(req.corpusBytes);
    const m0 = settle();
    const t0 = performance.now();
    const index = await loadKnownSubjectIndex(database.db, vault);
    const byteSize = index.byteSize(); // also finalizes the pending arrays (as the first match would)
    const loadMs = performance.now() - t0;
    const m1 = settle();

    const probes = [0, 1, 2, 3].map((n) => {
      const a = heavyAccount(n, 100, 'reported');
      const [first, last] = (a.displayName ?? '').split(' ');
      const v6 = (a.ipAddresses ?? [])[1] ?? '';
      return [
        `mail ${(a.email ?? '').toUpperCase()} please`,
        `call ${(a.phone ?? '').replace(/\D/g, '').slice(1)} now`,
        `seen at ${v6.replace('::', ':0:0:0:')} today`,
        `this is ${(last ?? '').toLowerCase()}, ${first} again`,
      ];
    });
    const tried = probes.flat();
    const found = tried.filter((t) => analyze(t, { knownSubjects: index }).some((f) => f.entityType === 'KNOWN_SUBJECT')).length;

    const without = { name: 'without index', run: (t: string) => analyze(t), count: (t: string) => analyze(t).length };
    const withIdx = { name: 'with index', run: (t: string) => analyze(t, { knownSubjects: index }), count: (t: string) => analyze(t, { knownSubjects: index }).length };
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < req.rounds; r++) {
      const first = r % 2 === 0;
      const x = throughput(first ? without : withIdx, text.messages, text.bytes, 5, req.budgetMs).mibPerS;
      const y = throughput(first ? withIdx : without, text.messages, text.bytes, 5, req.budgetMs).mibPerS;
      a.push(first ? x : y);
      b.push(first ? y : x);
      process.stderr.write(`[bench:intake analyzer] round ${r + 1}/${req.rounds}: without ${a.at(-1)?.toFixed(3)} MiB/s, with ${b.at(-1)?.toFixed(3)} MiB/s\n`);
    }
    let fw = 0;
    let fk = 0;
    let known = 0;
    for (const m of text.messages) {
      fw += analyze(m).length;
      const f = analyze(m, { knownSubjects: index });
      fk += f.length;
      known += f.filter((x) => x.entityType === 'KNOWN_SUBJECT').length;
    }
    return {
      values: Number(c.values),
      subjects: Number(c.subjects),
      fingerprints: index.size,
      byteSize,
      loadMs,
      heapDelta: { heapUsed: m1.heapUsed - m0.heapUsed, arrayBuffers: m1.arrayBuffers - m0.arrayBuffers, rss: m1.rss - m0.rss },
      sanity: { retypedFound: found, retypedTried: tried.length },
      corpus: { name: text.name, messages: text.messages.length, bytes: text.bytes },
      without: a,
      with: b,
      findings: { without: fw, with: fk, knownSubject: known },
    };
  } finally {
    await database.close();
  }
}

process.once('message', (msg: AnalyzerRequest) => answer(() => run(msg)));
process.on('disconnect', () => process.exit(1));
