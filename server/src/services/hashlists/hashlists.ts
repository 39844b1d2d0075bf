/**
 * Hash lists: import (one transaction: the list, its entries and the audit event commit together),
 * list, delete. Admin-only at the HTTP layer; the CLI acts as `cli`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/index.ts';
import type { SignalType } from '../../db/schema/hashlists.ts';
import { AppError } from '../../errors.ts';
import { newId } from '../../ids.ts';
import { appendAuditEvent } from '../audit/index.ts';
import { HashListFormatError, parseHashList, type ParsedHashList } from './parse.ts';

/** PDQ match threshold when a list gives none (Hamming distance; ThreatExchange `pdq/README.md`). */
export const DEFAULT_PDQ_THRESHOLD = 31;
/** Largest PDQ threshold a list may set (beyond it unrelated images match; 256 bits, random ≈ 128). */
export const MAX_PDQ_THRESHOLD = 63;
/** Rows per INSERT statement (3 bound values each, under SQLite's and PostgreSQL's limits). */
const INSERT_BATCH = 500;

/** A hash list as the API and CLI show it. */
export interface HashListSummary {
  id: string;
  name: string;
  entries: number;
  pdqThreshold: number;
  createdAt: string;
  createdBy: string;
}

/** Checks a list name (1..100 characters after trimming) and PDQ threshold (integer 0..63); throws `400`. */
export function validateListInput(name: string, threshold: number): string {
  const trimmed = name.trim();
  if (trimmed.length === 0 || trimmed.length > 100) throw new AppError(400, 'invalid_request', 'name must have 1 to 100 characters');
  if (!Number.isInteger(threshold) || threshold < 0 || threshold > MAX_PDQ_THRESHOLD) {
    throw new AppError(400, 'invalid_request', `threshold must be an integer from 0 to ${MAX_PDQ_THRESHOLD}`);
  }
  return trimmed;
}

/** A file parsed and checked, ready to store (see {@link storeHashList}). */
export interface PreparedHashList {
  name: string;
  threshold: number;
  parsed: ParsedHashList;
}

/**
 * Checks name and threshold and parses `source` fully, writing nothing (run it before opening the
 * write transaction: a big file never holds the write lock while it streams in). Throws `400
 * invalid_hash_list` with `{ lines: [ { line, message } ], errorCount }` for a malformed file and
 * `400 invalid_request` for a bad name or threshold.
 */
export async function prepareHashList(input: { name: string; threshold?: number; source: AsyncIterable<Buffer | string> }): Promise<PreparedHashList> {
  const threshold = input.threshold ?? DEFAULT_PDQ_THRESHOLD;
  const name = validateListInput(input.name, threshold);
  try {
    return { name, threshold, parsed: await parseHashList(input.source) };
  } catch (err) {
    if (err instanceof HashListFormatError) throw new AppError(400, 'invalid_hash_list', err.message, { lines: err.errors, errorCount: err.errorCount });
    throw err;
  }
}

/** What an import created. */
export interface ImportedHashList {
  id: string;
  name: string;
  entries: number;
  duplicates: number;
  pdqThreshold: number;
}

/**
 * Stores a prepared list and its entries and appends `hashlist.import`, all in `db`'s transaction.
 * Throws `409 hashlist_exists` for a name in use.
 */
export async function storeHashList(db: Kysely<Database>, prepared: PreparedHashList, actor: string): Promise<ImportedHashList> {
  const { name, threshold, parsed } = prepared;
  const taken = await db.selectFrom('hash_lists').select('id').where('name', '=', name).executeTakeFirst();
  if (taken) throw new AppError(409, 'hashlist_exists', 'A hash list with this name exists');
  const id = newId();
  const counts = { pdq: parsed.signals.pdq.size, md5: parsed.signals.md5.size, sha256: parsed.signals.sha256.size };
  const entries = counts.pdq + counts.md5 + counts.sha256;
  await db.insertInto('hash_lists').values({ id, name, pdq_threshold: threshold, entries, created_by: actor, created_at: new Date().toISOString() }).execute();
  for (const type of ['pdq', 'md5', 'sha256'] as const satisfies readonly SignalType[]) {
    let batch: Array<{ list_id: string; signal_type: SignalType; value: string }> = [];
    for (const value of parsed.signals[type]) {
      batch.push({ list_id: id, signal_type: type, value });
      if (batch.length === INSERT_BATCH) {
        await db.insertInto('hash_list_entries').values(batch).execute();
        batch = [];
      }
    }
    if (batch.length > 0) await db.insertInto('hash_list_entries').values(batch).execute();
  }
  await appendAuditEvent(db, {
    actor,
    action: 'hashlist.import',
    target: `hashlist:${id}`,
    outcome: 'success',
    details: { name, format: parsed.format, entries, ...counts, duplicates: parsed.duplicates, pdqThreshold: threshold },
  });
  return { id, name, entries, duplicates: parsed.duplicates, pdqThreshold: threshold };
}

/** {@link prepareHashList} then {@link storeHashList} in `db` (tests; prefer the two steps around a write transaction). */
export async function importHashList(
  db: Kysely<Database>,
  input: { name: string; threshold?: number; source: AsyncIterable<Buffer | string>; actor: string },
): Promise<ImportedHashList> {
  return storeHashList(db, await prepareHashList(input), input.actor);
}

/** Every hash list, oldest first. */
export async function listHashLists(db: Kysely<Database>): Promise<HashListSummary[]> {
  const rows = await db.selectFrom('hash_lists').selectAll().orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, entries: r.entries, pdqThreshold: r.pdq_threshold, createdAt: r.created_at, createdBy: r.created_by }));
}

/** Deletes a list and its entries; audited (`hashlist.delete`). Throws `404 not_found`. */
export async function deleteHashList(db: Kysely<Database>, input: { id: string; actor: string }): Promise<void> {
  const list = await db.selectFrom('hash_lists').select(['id', 'name', 'entries']).where('id', '=', input.id).executeTakeFirst();
  if (!list) throw new AppError(404, 'not_found', 'No such hash list');
  await db.deleteFrom('hash_list_entries').where('list_id', '=', list.id).execute();
  await db.deleteFrom('hash_lists').where('id', '=', list.id).execute();
  await appendAuditEvent(db, { actor: input.actor, action: 'hashlist.delete', target: `hashlist:${list.id}`, outcome: 'success', details: { name: list.name, entries: list.entries } });
}
