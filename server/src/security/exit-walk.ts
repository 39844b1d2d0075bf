/**
 * Helpers of the exit-path walk (`exit-paths.test.ts`): the encodings a planted value might leave
 * in, a finder over any text, a dump of every table and column of the database enumerated from the
 * schema at run time (SQLite `sqlite_master` + `pragma_table_info`, PostgreSQL
 * `information_schema`), and a recursive read of a data folder.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenDatabase } from '../db/database.ts';

/**
 * The forms `value` may take on its way out: as is, URL-encoded (`%20` and `+` for spaces), base64
 * and base64url of its UTF-8 bytes, and for values with spaces or dashes their compact form
 * (`4111111111111111`). Compared lower-cased ({@link findVariants}), so upper- and lower-cased
 * copies count too.
 */
export function variantsOf(value: string): Array<{ form: string; text: string }> {
  const forms: Array<{ form: string; text: string }> = [
    { form: 'raw', text: value },
    { form: 'url', text: encodeURIComponent(value) },
    { form: 'form-url', text: new URLSearchParams({ v: value }).toString().slice(2) },
    { form: 'base64', text: Buffer.from(value, 'utf8').toString('base64').replace(/=+$/, '') },
    { form: 'base64url', text: Buffer.from(value, 'utf8').toString('base64url') },
  ];
  const compact = value.replace(/[\s\-()]/g, '');
  if (compact !== value) forms.push({ form: 'compact', text: compact });
  return forms;
}

/**
 * Which planted values occur in `haystack` in any form of {@link variantsOf}, compared
 * lower-cased; returns `value/form` labels (empty when none).
 */
export function findVariants(haystack: string, values: readonly string[]): string[] {
  const lower = haystack.toLowerCase();
  const hits: string[] = [];
  for (const v of values) for (const { form, text } of variantsOf(v)) if (lower.includes(text.toLowerCase())) hits.push(`${v}/${form}`);
  return hits;
}

/** A column's content as text: strings as is, bytes as UTF-8 and UTF-16LE, anything else as JSON. */
function asText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) {
    const b = Buffer.from(v);
    return `${b.toString('utf8')}\n${b.toString('utf16le')}`;
  }
  return JSON.stringify(v);
}

/**
 * Every `table.column` of the database with its values as one text, tables and columns read from
 * the schema at run time (SQLite: every table including FTS shadow tables, virtual tables left to
 * their shadows; PostgreSQL: every base table of the current schema, `bytea` read as bytes).
 * `skip` names `table.column` pairs left out (the vault's ciphertexts). Also returns the table
 * names, so a caller can check the walk covered the schema.
 */
export async function dumpColumns(open: Pick<OpenDatabase, 'dialect' | 'raw'>, skip: readonly string[]): Promise<{ tables: string[]; columns: Map<string, string> }> {
  const columns = new Map<string, string>();
  const tables =
    open.dialect === 'postgres'
      ? (await open.raw.all<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")).map((r) => r.t)
      : (await open.raw.all<{ t: string }>("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")).map((r) => r.t);
  for (const t of tables) {
    const rows = await open.raw.all<Record<string, unknown>>(`SELECT * FROM "${t}"`);
    const names =
      open.dialect === 'postgres'
        ? (await open.raw.all<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ?', [t])).map((r) => r.c)
        : (await open.raw.all<{ c: string }>(`SELECT name AS c FROM pragma_table_info('${t}')`)).map((r) => r.c);
    for (const c of names) {
      const where = `${t}.${c}`;
      if (skip.includes(where)) continue;
      columns.set(where, rows.map((r) => asText(r[c])).join('\n'));
    }
  }
  return { tables, columns };
}

/** Every file under `dir` (recursively) with its bytes as UTF-8 and UTF-16LE text, keyed by path. */
export function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(p, asText(readFileSync(p)));
    }
  };
  walk(dir);
  return out;
}
