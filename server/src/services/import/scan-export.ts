/**
 * Walks a Slack export one day file at a time (the only unit held in memory) and feeds the
 * exposure report: each message's text (Slack markup resolved, file names included) is analyzed,
 * the export's own users — staff, not data subjects — are exempt (names and @handles), and values
 * of registered data subjects are reported as such. Used by `enclave import slack --report-only`
 * and, message by message, by the import itself.
 */
import { analyzeAsShown, type Finding } from '@enclave/pii';
import { staffNamesOf, withoutStaffNames, type StaffNames } from '../privacy/staff-names.ts';
import { ExposureCounter, type ExposureReport } from './exposure.ts';
import { FindingsCache } from './findings-cache.ts';
import {
  CONTENT_SUBTYPES,
  SYSTEM_SUBTYPES,
  dayFilesOf,
  parseDay,
  readDirectory,
  reportableSubtype,
  slackToText,
  tsMillis,
  type SlackChannel,
  type SlackDirectory,
  type SlackMessage,
  type SlackUser,
} from './slack-export.ts';
import type { ExportSource } from './slack-source.ts';

/** Progress after each day file: files done of total, messages so far. */
export type ProgressFn = (p: { files: number; totalFiles: number; messages: number }) => void;

/** The people of an export as staff (for the name exemption). */
export function exportStaff(users: Iterable<SlackUser>): Array<{ name: string; email: string }> {
  const out: Array<{ name: string; email: string }> = [];
  for (const u of users) {
    const email = u.email ?? `${u.name}@slack.invalid`;
    for (const name of new Set([u.realName, u.displayName, u.name])) if (name.trim()) out.push({ name, email });
  }
  return out;
}

/** A message's text as imported and scanned: markup resolved, attachment texts and file names on their own lines. */
export function messageText(m: SlackMessage, dir: SlackDirectory): string {
  const handleOf = (id: string): string | undefined => dir.users.get(id)?.name;
  const text = slackToText(m.text, handleOf);
  if (m.files.length === 0 && m.attachments.length === 0) return text;
  const extra = [...m.attachments.map((a) => slackToText(a, handleOf)), ...m.files.filter((f) => f.name).map((f) => `📎 ${f.name}`)];
  return [text, ...extra].filter((s) => s.trim()).join('\n');
}

/** What kind of record a message is for the importer. */
export function messageKind(m: SlackMessage): 'content' | 'system' | 'unknown' {
  if (m.subtype === undefined || CONTENT_SUBTYPES.has(m.subtype)) return 'content';
  return SYSTEM_SUBTYPES.has(m.subtype) ? 'system' : 'unknown';
}

/** One day file, parsed, or the reason it could not be. */
export type DayResult = { channel: SlackChannel; path: string; messages: SlackMessage[]; dropped: number } | { channel: SlackChannel; path: string; error: string };

/** Day files of every conversation, in order, one at a time. Malformed files yield an `error`. */
export async function* eachDay(src: ExportSource, dir: SlackDirectory): AsyncGenerator<DayResult> {
  for (const channel of dir.channels) {
    for (const path of dayFilesOf(src, channel)) {
      let buf: Buffer;
      try {
        buf = await src.read(path);
      } catch (err) {
        yield { channel, path, error: err instanceof Error ? err.message : 'unreadable' };
        continue;
      }
      try {
        const day = parseDay(buf);
        yield { channel, path, messages: day.messages, dropped: day.dropped };
      } catch (err) {
        yield { channel, path, error: `${path}: ${err instanceof SyntaxError ? 'malformed JSON' : 'unreadable'} (skipped)` };
      }
    }
  }
}

/** Options of {@link scanExport}. */
export interface ScanOptions {
  /** The analyzer (with known subjects when a database is at hand). */
  analyze: (text: string) => Finding[];
  /** Whether a value is a registered data subject's (then it is never exempt as a staff name). */
  isKnownValue?: (value: string) => boolean;
  onProgress?: ProgressFn;
  broadThreshold?: number;
}

/** Analyzes a text as shown (as the live guard does) with the export's staff exempt; `cache` remembers analyzer results by text. */
export function findingsOf(text: string, staff: StaffNames, o: Pick<ScanOptions, 'analyze' | 'isKnownValue'>, cache?: FindingsCache): Finding[] {
  if (!text.trim()) return [];
  const shown = (t: string): Finding[] => analyzeAsShown(t, (v) => o.analyze(v));
  return withoutStaffNames(cache ? cache.get(text, shown, o.analyze) : shown(text), text, staff, o.isKnownValue ?? (() => false));
}

/** Builds the exposure report of an export; imports nothing. Throws only on I/O errors of the source. */
export async function scanExport(src: ExportSource, o: ScanOptions): Promise<ExposureReport> {
  const dir = await readDirectory(src);
  const counter = new ExposureCounter({ broadThreshold: o.broadThreshold });
  counter.problems.warnings.push(...src.warnings, ...dir.warnings);
  const staff = staffNamesOf(exportStaff(dir.users.values()));
  const index = new Map<string, number>();
  for (const c of dir.channels) index.set(c.id, counter.channel({ name: c.name, kind: c.kind, private: c.private, members: c.members }));
  const totalFiles = dir.channels.reduce((n, c) => n + dayFilesOf(src, c).length, 0);
  const missing = new Set<string>();
  const cache = new FindingsCache();
  let files = 0;
  let messages = 0;
  for await (const day of eachDay(src, dir)) {
    files++;
    if ('error' in day) {
      counter.problems.malformedDayFiles.push(day.path);
      continue;
    }
    counter.problems.droppedRecords += day.dropped;
    const ch = index.get(day.channel.id) as number;
    // as the live guard: in a broad channel a place not tied to a person is no finding
    const broad = !day.channel.private || day.channel.members.length > (o.broadThreshold ?? 50);
    for (const m of day.messages) {
      messages++;
      const kind = messageKind(m);
      if (kind === 'unknown') counter.unknownSubtype(reportableSubtype(m.subtype ?? ''));
      if (m.user && !m.user.startsWith('bot:') && !dir.users.has(m.user)) missing.add(m.user);
      const text = messageText(m, dir);
      const found = findingsOf(text, staff, o, cache).filter((f) => !(broad && f.entityType === 'LOCATION' && f.tiedToPerson === false));
      counter.message(ch, m.user, tsMillis(m.ts), found.map((f) => ({ entityType: f.entityType, value: text.slice(f.start, f.end), ...(f.subjectId ? { subjectId: f.subjectId } : {}) })));
    }
    o.onProgress?.({ files, totalFiles, messages });
  }
  counter.problems.missingUsers = missing.size;
  return counter.result();
}
