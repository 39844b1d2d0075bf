/**
 * One measured run of the import bench, in its own process (so peak memory is its own):
 * `tsx bench/import/child.ts report|import EXPORT_DIR WORK_DIR` → one JSON line
 * `{ mode, messages, ms, perSecond, cpuMs, perCpuSecond, maxRssMB, findings?, imported? }` (`cpuMs`: user +
 * system CPU time of this process, less sensitive than wall time to other work on a shared machine).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '@enclave/pii';
import { loadConfig } from '../../server/src/config/index.ts';
import { buildContext } from '../../server/src/context.ts';
import { createLogger } from '../../server/src/logger.ts';
import { IMPORT_ACCOUNT_EMAIL, accountFor } from '../../server/src/services/import/import-setup.ts';
import { scanExport } from '../../server/src/services/import/scan-export.ts';
import { importExport } from '../../server/src/services/import/slack-import.ts';
import { openExport } from '../../server/src/services/import/slack-source.ts';

const [mode, exportDir, work] = process.argv.slice(2) as [string, string, string];
const src = await openExport(exportDir);
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let out: Record<string, unknown>;
if (mode === 'report') {
  const r = await scanExport(src, { analyze: (t) => analyze(t) });
  out = { messages: r.messages, findings: r.findings };
} else {
  mkdirSync(work, { recursive: true });
  const config = loadConfig({ ENCLAVE_DATA_DIR: join(work, 'data'), ENCLAVE_MASTER_KEY_FILE: join(work, 'master.key'), LOG_LEVEL: 'silent' });
  const ctx = await buildContext(config, { logger: createLogger('silent') });
  const createdBy = (await ctx.db.transaction().execute((trx) => accountFor(trx, 'bench', IMPORT_ACCOUNT_EMAIL, 'Slack import'))).id;
  const s = await importExport({ db: ctx.db, privacy: ctx.privacy }, src, { actor: 'bench', createdBy });
  out = { messages: s.imported + s.skipped + s.alreadyImported, imported: s.imported, tokenizedMessages: s.tokenizedMessages };
  await ctx.close();
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
await src.close();
process.stdout.write(`${JSON.stringify({ mode, ...out, ms: Math.round(ms), perSecond: Math.round((Number(out.messages) * 1000) / ms), cpuMs, perCpuSecond: Math.round((Number(out.messages) * 1000) / cpuMs), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
