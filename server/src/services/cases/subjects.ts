/**
 * Data subjects: each reported account becomes (or updates, matched by integration + account id)
 * a subject whose every field value is a vault token under the subject's own scope
 * (`subject:<id>`, its own data key); blind indexes (keyed HMAC, key derived from a vault data
 * key) allow lookup by account id, username, e-mail and phone. The database holds no plaintext.
 */
import type { Kysely } from 'kysely';
import { checkSubjectValue, type SubjectValueKind } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import { newId } from '../../ids.ts';
import type { Vault } from '../vault/index.ts';
import { PRIMARY_FIELDS, matchForms, supportingForms } from './known-values.ts';
import { maskField } from './masks.ts';
import type { ReportAccount } from './report-schema.ts';

/** Scope whose data key derives the blind-index key of subject lookups. */
export const LOOKUP_SCOPE = 'channel:_subject-lookup';

/** Subject fields: entity type, validity kind, lookup kind (if looked up). */
export const SUBJECT_FIELDS: Record<string, { entityType: string; kind: SubjectValueKind; lookup?: string }> = {
  accountId: { entityType: 'ACCOUNT_ID', kind: 'account', lookup: 'account' },
  displayName: { entityType: 'PERSON', kind: 'text' },
  username: { entityType: 'USERNAME', kind: 'username', lookup: 'username' },
  email: { entityType: 'EMAIL_ADDRESS', kind: 'email', lookup: 'email' },
  phone: { entityType: 'PHONE_NUMBER', kind: 'phone', lookup: 'phone' },
  country: { entityType: 'LOCATION', kind: 'text' },
  city: { entityType: 'LOCATION', kind: 'text' },
  ipAddresses: { entityType: 'IP_ADDRESS', kind: 'ip' },
  deviceIds: { entityType: 'DEVICE_ID', kind: 'text' },
  dateOfBirth: { entityType: 'DATE_OF_BIRTH', kind: 'date' },
};

/** The string whose keyed hash is the blind index of a lookup value (see {@link lookupHash}). */
function lookupKey(kind: string, value: string, defaultRegion?: string): string {
  const f = Object.values(SUBJECT_FIELDS).find((x) => x.lookup === kind);
  const canonical = f ? checkSubjectValue(f.kind, value, defaultRegion ? { defaultRegion } : {}).canonical : value.trim();
  return `${kind}\0${canonical}`;
}

/**
 * The blind index of a lookup value (`kind`: account, username, email, phone). `defaultRegion`:
 * see `checkSubjectValue` (a phone without `+` read as a number of that region).
 */
export async function lookupHash(db: Kysely<Database>, vault: Vault, kind: string, value: string, defaultRegion?: string): Promise<string> {
  return vault.markHash(db, LOOKUP_SCOPE, lookupKey(kind, value, defaultRegion));
}

function valuesOf(account: ReportAccount): Array<[string, string[]]> {
  const out: Array<[string, string[]]> = [];
  for (const field of Object.keys(SUBJECT_FIELDS)) {
    const v = (account as Record<string, unknown>)[field];
    if (typeof v === 'string') out.push([field, [v]]);
    else if (Array.isArray(v)) out.push([field, [...new Set(v.filter((x): x is string => typeof x === 'string'))]]);
  }
  return out;
}

/**
 * Creates or updates the subject of `account` (in `db`, the intake's transaction): fields given
 * replace that field's earlier values; invalid values are stored and flagged. Returns the subject
 * id, whether it was new, and the forms of its primary values to register for exact-data match.
 * Throws `VaultError('erased')` when an erased subject reappears — erased subjects get a new id.
 */
export async function upsertSubject(
  db: Kysely<Database>,
  deps: { vault: Vault },
  input: { integrationId: string; account: ReportAccount },
): Promise<{ subjectId: string; created: boolean; invalidFields: string[]; forms: string[]; supporting: string[] }> {
  const accountKey = await lookupHash(db, deps.vault, 'account', `${input.integrationId}\0${input.account.accountId}`);
  const now = new Date().toISOString();
  const existing = await db
    .selectFrom('subjects')
    .select('id')
    .where('integration_id', '=', input.integrationId)
    .where('account_key', '=', accountKey)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  const subjectId = existing?.id ?? newId();
  if (existing) await db.updateTable('subjects').set({ updated_at: now }).where('id', '=', subjectId).execute();
  else {
    // An erased subject keeps its row (for "erased" cards); its account key is retired.
    await db.updateTable('subjects').set({ account_key: `erased:${newId()}` }).where('integration_id', '=', input.integrationId).where('account_key', '=', accountKey).execute();
    await db.insertInto('subjects').values({ id: subjectId, integration_id: input.integrationId, account_key: accountKey, created_at: now, updated_at: now, erased_at: null, legal_hold_at: null }).execute();
  }
  const scope = `subject:${subjectId}`;
  const invalidFields: string[] = [];
  const forms: string[] = [];
  const supporting: string[] = [];
  // Every value of the account in one batch: one data-key lookup, one vault insert, one insert per table.
  const entries: Array<{ field: string; entityType: string; lookup: string | undefined; value: string; position: number; valid: boolean }> = [];
  const replaced: string[] = [];
  for (const [field, values] of valuesOf(input.account)) {
    const spec = SUBJECT_FIELDS[field];
    if (!spec) continue;
    replaced.push(field);
    let position = 0;
    for (const value of values) {
      if (value.trim() === '') continue;
      const valid = checkSubjectValue(spec.kind, value).valid;
      if (!valid) invalidFields.push(field);
      entries.push({ field, entityType: spec.entityType, lookup: spec.lookup, value, position, valid });
      position++;
      if (PRIMARY_FIELDS.has(field)) forms.push(...matchForms(field, value));
      supporting.push(...supportingForms(field, value));
    }
  }
  if (existing && replaced.length > 0) {
    // fields given replace that field's earlier values (a new subject has none)
    await db.deleteFrom('subject_fields').where('subject_id', '=', subjectId).where('field', 'in', replaced).execute();
    const kinds = replaced.map((f) => SUBJECT_FIELDS[f]?.lookup).filter((k): k is string => k !== undefined);
    if (kinds.length > 0) await db.deleteFrom('subject_lookup').where('subject_id', '=', subjectId).where('kind', 'in', kinds).execute();
  }
  const tokens = await deps.vault.tokenizeMany(
    db,
    scope,
    entries.map((e) => ({ entityType: e.entityType, value: e.value })),
  );
  const fieldRows = entries.map((e, i) => ({ subject_id: subjectId, field: e.field, position: e.position, entity_type: e.entityType, token: tokens[i] as string, masked: maskField(e.field, e.value), invalid: e.valid ? 0 : 1 }));
  for (let at = 0; at < fieldRows.length; at += 100) await db.insertInto('subject_fields').values(fieldRows.slice(at, at + 100)).execute();
  const looked = entries.filter((e): e is typeof e & { lookup: string } => e.lookup !== undefined);
  const hashes = await deps.vault.markHashes(
    db,
    LOOKUP_SCOPE,
    looked.map((e) => lookupKey(e.lookup, e.value)),
  );
  const lookupRows = [...new Map(looked.map((e, i) => [hashes[i] as string, { hash: hashes[i] as string, subject_id: subjectId, kind: e.lookup }])).values()];
  for (let at = 0; at < lookupRows.length; at += 100) {
    await db
      .insertInto('subject_lookup')
      .values(lookupRows.slice(at, at + 100))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return { subjectId, created: !existing, invalidFields: [...new Set(invalidFields)], forms, supporting };
}

/**
 * Subject ids whose looked-up `kind` value equals `value` (blind index; no decryption). A phone
 * written without `+` is looked up both as typed (digits, how a number registered without a
 * country code is indexed) and as a number of `opts.defaultRegion` (E.164), so `(201) 555-0147`
 * finds a subject registered as `+1 201-555-0147` when the region is `US`.
 */
export async function findSubjects(
  db: Kysely<Database>,
  vault: Vault,
  kind: 'account' | 'username' | 'email' | 'phone',
  value: string,
  opts: { defaultRegion?: string } = {},
): Promise<string[]> {
  const hashes = new Set([await lookupHash(db, vault, kind, value)]);
  if (kind === 'phone' && opts.defaultRegion) hashes.add(await lookupHash(db, vault, kind, value, opts.defaultRegion));
  const rows = await db.selectFrom('subject_lookup').select('subject_id').where('hash', 'in', [...hashes]).where('kind', '=', kind).execute();
  return [...new Set(rows.map((r) => r.subject_id))];
}

/** An active legal hold over a subject: on the subject itself, and/or on cases about it. */
export interface SubjectLegalHold {
  /** When the hold on the subject itself was placed (ISO 8601), or null. */
  subjectSince: string | null;
  /** Held cases about the subject (number and since when). */
  cases: Array<{ caseId: string; number: number; since: string }>;
}

/** A subject as shown on a card: masked fields (first value of each), or `erased`; `legalHold` when one is active. */
export interface SubjectCard {
  id: string;
  erased: boolean;
  fields: Record<string, string>;
  invalid: string[];
  /** The active legal hold(s) keeping this subject's data (no erasure, no retention purge), or null. */
  legalHold: SubjectLegalHold | null;
}

/** The cards of `ids`, in that order. */
export async function subjectCards(db: Kysely<Database>, ids: string[]): Promise<SubjectCard[]> {
  if (ids.length === 0) return [];
  const subjects = await db.selectFrom('subjects').select(['id', 'erased_at', 'legal_hold_at']).where('id', 'in', ids).execute();
  const heldCases = await db
    .selectFrom('case_subjects')
    .innerJoin('cases', 'cases.id', 'case_subjects.case_id')
    .select(['case_subjects.subject_id', 'cases.id', 'cases.number', 'cases.legal_hold_at'])
    .where('case_subjects.subject_id', 'in', ids)
    .where('cases.legal_hold_at', 'is not', null)
    .orderBy('cases.number')
    .execute();
  const fields = await db.selectFrom('subject_fields').select(['subject_id', 'field', 'position', 'masked', 'invalid']).where('subject_id', 'in', ids).orderBy('position').execute();
  return ids.map((id) => {
    const s = subjects.find((x) => x.id === id);
    const erased = !s || s.erased_at !== null;
    const held = heldCases.filter((h) => h.subject_id === id);
    const subjectSince = s?.legal_hold_at ?? null;
    const legalHold: SubjectLegalHold | null =
      subjectSince !== null || held.length > 0
        ? { subjectSince, cases: [...new Map(held.map((h) => [h.id, { caseId: h.id, number: h.number, since: h.legal_hold_at as string }])).values()] }
        : null;
    const out: SubjectCard = { id, erased, fields: {}, invalid: [], legalHold };
    if (erased) return out;
    for (const f of fields.filter((x) => x.subject_id === id)) {
      out.fields[f.field] = f.field in out.fields ? `${out.fields[f.field]}, ${f.masked}` : f.masked;
      if (f.invalid === 1 && !out.invalid.includes(f.field)) out.invalid.push(f.field);
    }
    return out;
  });
}
