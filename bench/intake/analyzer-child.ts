/**
 * Analyzer child (run with `--expose-gc`, after the server stopped, on its data folder): builds
 * the known-subject index exactly as the server does at start (`loadKnownSubjectIndex`: every
 * non-erased subject value decrypted from the vault) and measures
 *  - the memory it holds: `heapUsed` + `arrayBuffers` (the index's typed arrays live outside the
 *    JS heap) after full GCs, before and after the build, with nothing else allocated between;
 *  - the analyzer's throughput (`analyze(text)` of `@enclave/pii`, UTF-8 MiB per CPU second) on real chat text
 *    (`bench/detect/corpora.ts`: IRC and SMS) without and with `{ knownSubjects: index }`,
 *    alternating pass by pass in `rounds` rounds in this one process;
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
        ['e-mail upper-cased', `mail ${(a.email ?? '').toUpperCase()} please`],
        ['phone digits only', `call ${(a.phone ?? '').replace(/\D/g, '').slice(1)} now`],
        ['IPv6 compressed', `seen at ${v6.replace(/:0:0::/, '::')} today`],
        ['IPv6 all 8 groups, unpadded', `seen at ${v6.replace('::', ':0:0:0:')} today`],
        ['name "last, First"', `this is ${(last ?? '').toLowerCase()}, ${first} again`],
      ] as const;
    });
    const sanity: Record<string, string> = {};
    for (const [kind, t] of probes.flat()) {
      const hit = analyze(t, { knownSubjects: index }).some((f) => f.entityType === 'KNOWN_SUBJECT');
      const [f0, n0] = (sanity[kind] ?? '0/0').split('/').map(Number);
      sanity[kind] = `${(f0 ?? 0) + (hit ? 1 : 0)}/${(n0 ?? 0) + 1}`;
    }

    // CPU time (process.cpuUsage) per pass, not wall time: the machine is shared, so a pass's wall
    // time includes waiting for a core; the two variants alternate pass by pass.
    let sink = 0;
    const pass = (known: boolean): number => {
      const c0 = process.cpuUsage();
      for (const m of text.messages) sink += (known ? analyze(m, { knownSubjects: index }) : analyze(m)).length;
      const c = process.cpuUsage(c0);
      return text.bytes / 2 ** 20 / ((c.user + c.system) / 1e6);
    };
    const w0 = performance.now();
    while (performance.now() - w0 < req.budgetMs) {
      pass(false);
      pass(true);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < req.rounds; r++) {
      if (r % 2 === 0) {
        a.push(pass(false));
        b.push(pass(true));
      } else {
        b.push(pass(true));
        a.push(pass(false));
      }
    }
    process.stderr.write(`[bench:intake analyzer] ${req.rounds} rounds done (${sink} findings)\n`);
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
      sanity,
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
