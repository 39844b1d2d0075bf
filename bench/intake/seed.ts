/**
 * Seed child (forked by `run.ts` before the server starts): builds the server's own context on the
 * temp data folder (`buildContext`: migrations, vault key, known-subject index) and creates an
 * integration; then feeds `subjects / 2` reports of two heavy accounts each through
 * `receiveReport` — the very unit of work `POST /api/v1/intake/reports` runs after the signature
 * check (subjects, vault tokens under each subject's key, blind indexes, case, index, audit) —
 * via `ctx.write` (group commit), `concurrency` reports in flight. No HTTP, no signature.
 */
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import { receiveReport } from '../../server/src/services/cases/intake.ts';
import { createIntegration } from '../../server/src/services/cases/integrations.ts';
import { answer, heavyAccount, valueCount, type SeedRequest, type SeedResult } from './protocol.ts';

async function seed(req: SeedRequest): Promise<SeedResult> {
  const ctx = await buildContext(loadConfig(process.env));
  try {
    const integration = await ctx.write((uow) => createIntegration(uow.db, ctx.privacy.vault.keys, { name: 'bench platform', actor: 'bench' }));
    const deps = { vault: ctx.privacy.vault, analyze: (t: string) => ctx.privacy.analyze(t), index: ctx.privacy.knownSubjects };
    const reports = Math.ceil(req.subjects / 2);
    let values = 0;
    let next = 0;
    let done = 0;
    const t0 = performance.now();
    const worker = async (): Promise<void> => {
      while (next < reports) {
        const r = next++;
        const accounts = [heavyAccount(2 * r, req.valuesPerSubject, 'reporter'), heavyAccount(2 * r + 1, req.valuesPerSubject, 'reported')].slice(0, Math.min(2, req.subjects - 2 * r));
        values += accounts.reduce((n, a) => n + valueCount(a), 0);
        const report = { reportId: `seed-${r}`, category: 'harassment' as const, text: `The account @bench_user_${2 * r + 1} keeps sending me threats.`, submittedAt: new Date().toISOString(), accounts };
        await ctx.write((uow) => receiveReport(uow, deps, { integrationId: integration.id, report }));
        done++;
        if (done % Math.max(1, Math.floor(reports / 10)) === 0) process.stderr.write(`[bench:intake seed] ${done}/${reports} reports, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
      }
    };
    await Promise.all(Array.from({ length: req.concurrency }, () => worker()));
    return { integrationId: integration.id, secret: integration.secret, reports, subjects: req.subjects, values, ms: performance.now() - t0 };
  } finally {
    await ctx.close();
  }
}

process.once('message', (msg: SeedRequest) => answer(() => seed(msg)));
process.on('disconnect', () => process.exit(1));
