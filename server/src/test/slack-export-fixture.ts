/**
 * Synthetic Slack exports for tests and the import bench: a small hand-made workspace whose
 * planted (fake) personal data gives known report numbers, a generator of large exports written
 * day file by day file, and a minimal zip writer (store or deflate, optionally lying about sizes)
 * for the bad-input tests. Fake data only: example.com e-mails, 555-01xx phones, 192.0.2.0/24.
 */
import { mkdirSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

/** Files of an export: path → JSON value, or a string/Buffer written as is. */
export type ExportFiles = Record<string, unknown>;

/** Writes `files` under `dir`. */
export function writeExportFolder(dir: string, files: ExportFiles): void {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  }
}

/** One zip entry; `declaredSize` overrides the uncompressed size written in the headers. */
export interface ZipEntry {
  name: string;
  data: Buffer;
  deflate?: boolean;
  declaredSize?: number;
}

/** Writes a zip file (no zip64, no data descriptors). `truncateTo` cuts the file after writing. */
export function writeZip(path: string, entries: ZipEntry[], opts: { truncateTo?: number } = {}): void {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const body = e.deflate ? deflateRawSync(e.data) : e.data;
    const size = e.declaredSize ?? e.data.length;
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(e.deflate ? 8 : 0, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, body);
    central.push(cd, name);
    offset += local.length + name.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...parts, cdBuf, end]);
  writeFileSync(path, opts.truncateTo === undefined ? all : all.subarray(0, opts.truncateTo));
}

/** The files of an export as zip entries (JSON-encoded, deflated). */
export function zipEntriesOf(files: ExportFiles, prefix = ''): ZipEntry[] {
  return Object.entries(files).map(([name, content]) => ({
    name: `${prefix}${name}`,
    data: Buffer.isBuffer(content) ? content : Buffer.from(typeof content === 'string' ? content : JSON.stringify(content)),
    deflate: true,
  }));
}

const msg = (ts: string, user: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: 'message', ts, user, text, ...extra });

/**
 * A small workspace with known numbers (see {@link SMALL_EXPORT_EXPECTED}): `general` (public,
 * members U1 U2 U9 — U9 missing from users.json), `case-ops` (private, U1 U2), a DM (U1 U2).
 * Staff names and `<@U1>` mentions are not findings; one day file is malformed JSON; one message
 * has an unknown subtype; one is a thread reply with a reaction, one was edited, one has a file,
 * one is a bot post whose text is in its attachment.
 */
export function smallExport(): ExportFiles {
  return {
    'users.json': [
      { id: 'U1', name: 'alice', real_name: 'Alice Example', profile: { email: 'alice@example.com', display_name: 'alice' } },
      { id: 'U2', name: 'bob', real_name: 'Bob Sample', profile: { email: 'bob@example.com', display_name: 'bob' } },
    ],
    'channels.json': [{ id: 'C1', name: 'general', created: 1700000000, members: ['U1', 'U2', 'U9'] }],
    'groups.json': [{ id: 'G1', name: 'case-ops', created: 1700000000, members: ['U1', 'U2'] }],
    'dms.json': [{ id: 'D1', created: 1700000000, members: ['U1', 'U2'] }],
    'general/2024-01-01.json': [
      msg('1704103200.000100', 'U1', 'hello <@U2>, can you look?'),
      msg('1704103260.000200', 'U2', 'Reporter wrote from <mailto:jane.roe@example.com|jane.roe@example.com> about it', { thread_ts: '1704103260.000200', reply_count: 1 }),
      msg('1704103320.000300', 'U1', 'Alice Example will take it', { thread_ts: '1704103260.000200', reactions: [{ name: 'eyes', users: ['U2'], count: 1 }] }),
      msg('1704103380.000400', 'U9', 'ok'),
      { type: 'message', subtype: 'channel_join', ts: '1704103390.000500', user: 'U2', text: '<@U2> has joined the channel' },
    ],
    'general/2024-01-02.json': [msg('1704189600.000100', 'U2', 'call her at +1 202-555-0147 today', { edited: { user: 'U2', ts: '1704189700.000000' } })],
    'general/2024-01-03.json': '[{"type":"message","ts":"1704276000.0001","user":"U1","text":"broken',
    'case-ops/2024-01-01.json': [
      msg('1704103500.000100', 'U1', 'login from 192.0.2.44 and jane.roe@example.com'),
      msg('1704103560.000200', 'U2', 'Bob Sample agrees', { subtype: 'fancy_new_thing' }),
      msg('1704103620.000300', 'U1', 'see attached', { files: [{ id: 'F1', name: 'notes.txt', mimetype: 'text/plain', size: 12 }] }),
    ],
    'D1/2024-01-01.json': [
      msg('1704103700.000100', 'U2', 'thanks <@U1>'),
      { type: 'message', subtype: 'bot_message', bot_id: 'B1', ts: '1704103800.000100', text: '', attachments: [{ fallback: 'New ticket', pretext: 'New ticket:', text: 'reporter IP 192.0.2.9' }] },
    ],
  };
}

/** The numbers {@link smallExport} must give. */
export const SMALL_EXPORT_EXPECTED = {
  /** Scanned messages: 5 + 1 in general, 3 in case-ops, 2 DM (malformed day file skipped). */
  messages: 11,
  findings: 5,
  byEntityType: { IP_ADDRESS: 2, EMAIL_ADDRESS: 2, PHONE_NUMBER: 1 },
  /** e-mail in general + case-ops (U1 U2 U9: 3), phone (3), IP in case-ops (2), IP from the bot attachment in the DM (U1 U2 + bot author: 3). */
  exposure: 11,
  general: { members: 3, messages: 6, findings: 2, exposure: 6 },
  caseOps: { members: 2, messages: 3, findings: 2, exposure: 4 },
  /** Messages imported (system message not imported, malformed day skipped). */
  imported: 10,
};

/** Options of {@link generateExport}. */
export interface GenerateOptions {
  messages: number;
  channels?: number;
  /** Messages per day file (default 200). */
  perDay?: number;
  /** Every `plantEvery`-th message carries one fake e-mail (default 10). */
  plantEvery?: number;
  /** Members per channel (default 12). */
  members?: number;
}

/** Writes a large export to `dir` day file by day file (bounded memory); returns the planted count. */
export function generateExport(dir: string, o: GenerateOptions): { planted: number; dayFiles: number } {
  const channels = o.channels ?? 10;
  const perDay = o.perDay ?? 200;
  const plantEvery = o.plantEvery ?? 10;
  const members = o.members ?? 12;
  const users = Array.from({ length: members }, (_, i) => ({ id: `U${i + 1}`, name: `staff${i + 1}`, real_name: `Staff Member${i + 1}`, profile: { email: `staff${i + 1}@example.com` } }));
  writeExportFolder(dir, {
    'users.json': users,
    'channels.json': Array.from({ length: channels }, (_, c) => ({ id: `C${c + 1}`, name: `team-${c + 1}`, members: users.map((u) => u.id) })),
  });
  const lines = ['The build passed on the staging server, deploying now.', 'Merged the pull request for the queue dashboard', 'Can someone review the escalation notes before noon?'];
  let planted = 0;
  let dayFiles = 0;
  const perChannel = Math.ceil(o.messages / channels);
  let n = 0;
  for (let c = 0; c < channels && n < o.messages; c++) {
    mkdirSync(join(dir, `team-${c + 1}`), { recursive: true });
    for (let d = 0; d * perDay < perChannel && n < o.messages; d++) {
      const day = new Date(Date.UTC(2023, 0, 1) + d * 86_400_000);
      const fd = openSync(join(dir, `team-${c + 1}`, `${day.toISOString().slice(0, 10)}.json`), 'w');
      writeSync(fd, '[');
      for (let i = 0; i < perDay && d * perDay + i < perChannel && n < o.messages; i++, n++) {
        const plant = n % plantEvery === 0;
        if (plant) planted++;
        const text = plant ? `please contact user${n}@example.com about the report` : (lines[n % lines.length] as string);
        const ts = `${Math.floor(day.getTime() / 1000) + i}.${String(n % 1_000_000).padStart(6, '0')}`;
        writeSync(fd, `${i > 0 ? ',' : ''}${JSON.stringify({ type: 'message', ts, user: `U${(n % members) + 1}`, text })}`);
      }
      writeSync(fd, ']');
      closeSync(fd);
      dayFiles++;
    }
  }
  return { planted, dayFiles };
}
