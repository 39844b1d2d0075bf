/**
 * `enclave scan` — finds personal data in files or stdin (contract: PRODUCT.md, "Interfaces
 * that stay stable").
 *
 * Human mode: `enclave scan [--show-values] [FILE…]` (no FILE or `-`: stdin). Each file is
 * read whole and analyzed as one text (so a finding may span lines). One line per finding on
 * stdout: `FILE:LINE:COL  ENTITY_TYPE  SCORE  RECOGNIZER  "VALUE"`, LINE and COL 1-based, COL
 * in UTF-16 code units from the line start (as editors such as VS Code count); VALUE masked
 * (`maskValue`) unless `--show-values`, always JSON-quoted so control characters cannot reach
 * the terminal. A summary goes to stderr. Exit 1 when something was found, 0 when nothing,
 * 2 on a usage error or an unreadable input (2 wins over 1; other files are still scanned).
 *
 * JSONL mode: `enclave scan --jsonl [FILE…]`: input lines `{ "id", "text" }`, output one line
 * per input line `{ "id", "findings": [ { "entityType", "start", "end", "score",
 * "recognizer", "subjectId"? } ] }` (offsets: UTF-16 code units, end-exclusive), in input
 * order. Streams line by line with stdout back-pressure: memory is bounded by the longest line.
 * Blank lines are skipped. A malformed line (not JSON, not an object, `text` not a string,
 * `id` missing or not a string/number) is reported on stderr as `FILE:LINE: …` WITHOUT its
 * content (it may hold personal data); no output line is written for it and scanning
 * CONTINUES with the next line, so one bad record does not lose a batch; the exit code is then
 * 2. Exit 0 otherwise, whatever was found.
 */
import { once } from 'node:events';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { analyze, type Finding } from '@enclave/pii';

const USAGE = `usage: enclave scan [--show-values] [FILE...]
       enclave scan --jsonl [FILE...]
  With no FILE, or FILE "-", reads stdin.
  --show-values   print found values in clear (default: masked)
  --jsonl         read {"id","text"} JSON lines, write {"id","findings"} JSON lines
`;

/** Mask character, as on the subject card (PRODUCT.md). */
const MASK = '▪';

/**
 * Masks a found value for display: every code point replaced by `▪` except the last two,
 * which stay visible only when the value has at least 6 code points (a short value would be
 * all but given away). Works on code points, so an emoji is never cut in half.
 */
export function maskValue(value: string): string {
  const cps = [...value];
  const keep = cps.length >= 6 ? 2 : 0;
  return MASK.repeat(cps.length - keep) + cps.slice(cps.length - keep).join('');
}

interface Options {
  showValues: boolean;
  jsonl: boolean;
  files: string[];
}

function parseArgs(args: string[]): Options | 'help' | string {
  const o: Options = { showValues: false, jsonl: false, files: [] };
  let onlyFiles = false;
  for (const a of args) {
    if (onlyFiles || a === '-' || !a.startsWith('-')) o.files.push(a);
    else if (a === '--') onlyFiles = true;
    else if (a === '--show-values') o.showValues = true;
    else if (a === '--jsonl') o.jsonl = true;
    else if (a === '--help' || a === '-h') return 'help';
    else return `unknown option '${a}'`;
  }
  if (o.files.length === 0) o.files.push('-');
  return o;
}

const displayName = (f: string): string => (f === '-' ? '<stdin>' : f);

async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

async function write(line: string): Promise<void> {
  if (!process.stdout.write(line)) await once(process.stdout, 'drain');
}

const errCode = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err as Error).name;

/** 1-based line and UTF-16 column of `offset`, given the sorted offsets of line starts. */
function lineCol(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, col: offset - (lineStarts[lo] ?? 0) + 1 };
}

async function scanHuman(o: Options): Promise<number> {
  let found = 0;
  let failed = false;
  for (const file of o.files) {
    let text: string;
    try {
      text = file === '-' ? await readAllStdin() : await readFile(file, 'utf8');
    } catch (err) {
      process.stderr.write(`enclave scan: cannot read ${displayName(file)}: ${errCode(err)}\n`);
      failed = true;
      continue;
    }
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const findings = analyze(text);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    for (const f of findings) {
      const { line, col } = lineCol(lineStarts, f.start);
      const value = text.slice(f.start, f.end);
      const shown = JSON.stringify(o.showValues ? value : maskValue(value));
      const subject = f.subjectId ? `  subject=${f.subjectId}` : '';
      await write(`${displayName(file)}:${line}:${col}  ${f.entityType}  ${f.score.toFixed(2)}  ${f.recognizer}  ${shown}${subject}\n`);
    }
    found += findings.length;
  }
  process.stderr.write(`enclave scan: ${found} finding(s) in ${o.files.length} input(s)\n`);
  return failed ? 2 : found > 0 ? 1 : 0;
}

/** The JSONL output shape of one finding (no explanation, no values). */
function toJsonFinding(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = { entityType: f.entityType, start: f.start, end: f.end, score: f.score, recognizer: f.recognizer };
  if (f.subjectId !== undefined) out.subjectId = f.subjectId;
  return out;
}

/** Why a JSONL line is not a valid `{ id, text }` record, or null when it is. */
function recordProblem(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const r = v as Record<string, unknown>;
  if (!('id' in r) || (typeof r.id !== 'string' && typeof r.id !== 'number')) return '"id" missing or not a string/number';
  if (typeof r.text !== 'string') return '"text" missing or not a string';
  return null;
}

async function scanJsonlStream(name: string, input: Readable): Promise<boolean> {
  let ok = true;
  let lineNo = 0;
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const raw of rl) {
    lineNo++;
    const line = lineNo === 1 && raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    const problem = parsed === undefined ? 'not valid JSON' : recordProblem(parsed);
    if (problem) {
      process.stderr.write(`enclave scan: ${name}:${lineNo}: malformed input line (${problem}); skipped\n`);
      ok = false;
      continue;
    }
    const rec = parsed as { id: string | number; text: string };
    await write(`${JSON.stringify({ id: rec.id, findings: analyze(rec.text).map(toJsonFinding) })}\n`);
  }
  return ok;
}

async function scanJsonl(o: Options): Promise<number> {
  let ok = true;
  for (const file of o.files) {
    const name = displayName(file);
    try {
      if (file === '-') ok = (await scanJsonlStream(name, process.stdin)) && ok;
      else {
        const fh = await open(file, 'r');
        try {
          ok = (await scanJsonlStream(name, fh.createReadStream({ encoding: 'utf8', autoClose: false }))) && ok;
        } finally {
          await fh.close();
        }
      }
    } catch (err) {
      process.stderr.write(`enclave scan: cannot read ${name}: ${errCode(err)}\n`);
      ok = false;
    }
  }
  return ok ? 0 : 2;
}

/** Runs `enclave scan` with the arguments after `scan`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  const o = parseArgs(args);
  if (o === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (typeof o === 'string') {
    process.stderr.write(`enclave scan: ${o}\n${USAGE}`);
    return 2;
  }
  if (o.showValues && o.jsonl) {
    process.stderr.write(`enclave scan: --show-values has no effect with --jsonl (no values are written)\n`);
  }
  // A closed pipe (e.g. `| head`) ends the scan quietly instead of crashing.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  return o.jsonl ? scanJsonl(o) : scanHuman(o);
}
