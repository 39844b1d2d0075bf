/**
 * `enclave import slack PATH [--report-only] [--out DIR] [--as EMAIL]` — a Slack export (zip or
 * unpacked folder). `--report-only` imports nothing and writes `exposure.json` and
 * `exposure.html` to DIR (default `.`); no database is needed, but when one exists in
 * `ENCLAVE_DATA_DIR` (or at `DATABASE_URL`) its registered data subjects are matched. Without it the export is imported
 * into the database (resumable: re-running skips what is already in). A progress bar with rate
 * and ETA goes to stderr. Exit 0 on success, 2 on usage or unreadable input.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { analyze, type KnownSubjectIndex } from '@enclave/pii';
import { loadConfig } from '../config/index.ts';
import { databaseExists, openDatabase } from '../db/database.ts';
import { loadKnownSubjectIndex } from '../services/cases/known-values.ts';
import { renderExposureHtml } from '../services/import/exposure-html.ts';
import { scanExport, type ProgressFn } from '../services/import/scan-export.ts';
import { ExportError, openExport } from '../services/import/slack-source.ts';
import { createVaultFromConfig } from '../services/vault/index.ts';

const USAGE = 'usage: enclave import slack PATH [--report-only] [--out DIR] [--as EMAIL]\n';

/** A progress bar on stderr (files done, messages, messages/s, ETA); silent when stderr is not a terminal. */
export function progressBar(label: string): { update: ProgressFn; stop(): void } {
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} day files | {messages} msgs | {rate} msg/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let running = false;
  return {
    update: ({ files, totalFiles, messages }) => {
      const rate = Math.round(messages / Math.max(0.001, (Date.now() - started) / 1000));
      if (!running) {
        bar.start(totalFiles, 0, { messages: 0, rate: 0 });
        running = true;
      }
      bar.update(files, { messages, rate });
    },
    stop: () => {
      if (running) bar.stop();
    },
  };
}

/** Writes a file through a temporary name, so a half-written report never appears. */
function writeAtomically(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data, { mode: 0o600 });
  renameSync(tmp, path);
}

/**
 * Known data subjects of the server's database (the data folder's SQLite file, or `DATABASE_URL`),
 * when there is one and the vault opens; otherwise undefined, with the reason on stderr.
 */
async function knownSubjectsIfAny(): Promise<KnownSubjectIndex | undefined> {
  const config = loadConfig();
  const why = (err: unknown) => process.stderr.write(`enclave import: known data subjects not matched (${err instanceof Error ? err.message : String(err)})\n`);
  try {
    if (!(await databaseExists(config))) return undefined;
  } catch (err) {
    why(err);
    return undefined;
  }
  const open = openDatabase(config);
  try {
    const { vault } = createVaultFromConfig(config);
    return await loadKnownSubjectIndex(open.db, vault);
  } catch (err) {
    why(err);
    return undefined;
  } finally {
    await open.close();
  }
}

async function reportOnly(path: string, out: string): Promise<number> {
  const src = await openExport(path);
  try {
    const known = await knownSubjectsIfAny();
    const bar = progressBar('scanning');
    const report = await scanExport(src, {
      analyze: (t) => analyze(t, known ? { knownSubjects: known } : {}),
      isKnownValue: (v) => (known ? known.match(v).length > 0 : false),
      onProgress: bar.update,
    });
    bar.stop();
    mkdirSync(out, { recursive: true });
    writeAtomically(join(out, 'exposure.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeAtomically(join(out, 'exposure.html'), renderExposureHtml(report, basename(resolve(path))));
    const p = report.problems;
    process.stderr.write(
      `enclave import: ${report.messages} messages, ${report.findings} findings, exposure ${report.exposure}; ` +
        `${p.malformedDayFiles.length} malformed day files skipped; report in ${join(out, 'exposure.json')} and exposure.html\n`,
    );
    for (const f of p.malformedDayFiles) process.stderr.write(`enclave import: skipped malformed day file ${JSON.stringify(f)}\n`);
    for (const w of p.warnings) process.stderr.write(`enclave import: ${w}\n`);
    return 0;
  } finally {
    await src.close();
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { 'report-only': { type: 'boolean' }, out: { type: 'string' }, as: { type: 'string' } } });
  } catch (err) {
    process.stderr.write(`enclave import: ${err instanceof Error ? err.message : String(err)}\n${USAGE}`);
    return 2;
  }
  const [kind, path, ...extra] = parsed.positionals;
  if (kind !== 'slack' || !path || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    if (parsed.values['report-only']) return await reportOnly(path, parsed.values.out ?? '.');
    const { importCommand } = await import('./import-run.ts');
    return await importCommand(path, { as: parsed.values.as });
  } catch (err) {
    if (err instanceof ExportError) {
      process.stderr.write(`enclave import: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`enclave import: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
