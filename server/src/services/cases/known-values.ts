/**
 * The known-subject index of this process (exact-data match): built at start from the subjects'
 * vault values (so it is persisted where the values are, encrypted, and nothing else is stored),
 * extended in the intake's transaction, rebuilt after an erasure. The index key is random per
 * process: fingerprints never leave memory.
 *
 * Registered forms (so retyped values still match): phones in E.164 (the index adds the national
 * number), e-mails lower-cased, usernames with and without `@`, names as typed, with diacritics
 * folded and in "Last, First" order, IPv6 compressed and expanded. Only primary fields are
 * registered as such (account id, username, e-mail, phone, IP, device id, full name); supporting
 * fields (country, city, date of birth, a first or last name alone) are registered as supporting
 * values, reported only within 300 characters of a primary match of the same subject.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { KnownSubjectIndex, checkSubjectValue, expandIpv6 } from '@enclave/pii';
import type { Database } from '../../db/schema/index.ts';
import type { Vault } from '../vault/index.ts';

/** Subject fields that match alone. */
export const PRIMARY_FIELDS = new Set(['accountId', 'username', 'email', 'phone', 'ipAddresses', 'deviceIds', 'displayName']);

function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Subject fields that match only near a primary match of the same subject. */
export const SUPPORTING_FIELDS = new Set(['country', 'city', 'dateOfBirth']);

/** Supporting forms of a value: the value of a supporting field, or each part of a full name. */
export function supportingForms(field: string, value: string): string[] {
  const v = value.trim();
  if (v === '') return [];
  if (SUPPORTING_FIELDS.has(field)) return [v];
  if (field !== 'displayName') return [];
  const parts = v.split(/\s+/).filter((w) => [...w].length >= 2);
  return parts.length >= 2 ? [...new Set(parts.flatMap((w) => [w, fold(w)]))] : [];
}

/** Forms of one field value to register (see module doc). */
export function matchForms(field: string, value: string): string[] {
  const v = value.trim();
  if (v === '') return [];
  const out = new Set<string>([v]);
  switch (field) {
    case 'phone': {
      const c = checkSubjectValue('phone', v);
      if (c.valid) out.add(c.canonical);
      break;
    }
    case 'email':
      out.add(checkSubjectValue('email', v).canonical);
      break;
    case 'username': {
      const bare = v.replace(/^@/, '');
      out.add(bare);
      out.add(`@${bare}`);
      break;
    }
    case 'ipAddresses': {
      const c = checkSubjectValue('ip', v);
      if (c.valid && v.includes(':')) {
        const full = expandIpv6(v);
        out.add(full);
        out.add(new URL(`http://[${v}]`).hostname.slice(1, -1));
        // all eight groups without zero padding (`2001:db8:0:0:0:0:0:1`), as people also write it
        if (/^[0-9a-f]{4}(?::[0-9a-f]{4}){7}$/i.test(full)) out.add(full.split(':').map((g) => g.replace(/^0+(?=.)/, '')).join(':'));
      }
      break;
    }
    case 'displayName': {
      for (const form of [v, fold(v)]) {
        out.add(form);
        const w = form.split(/\s+/);
        if (w.length >= 2) out.add(`${w[w.length - 1]}, ${w.slice(0, -1).join(' ')}`);
      }
      break;
    }
    default:
      break;
  }
  return [...out];
}

/**
 * Builds the index from every non-erased subject's primary field values (decrypted from the
 * vault). Cost: one decryption per stored value.
 */
export async function loadKnownSubjectIndex(db: Kysely<Database>, vault: Vault): Promise<KnownSubjectIndex> {
  const idx = new KnownSubjectIndex(randomBytes(32));
  await registerSubjects(db, vault, idx);
  return idx;
}

/**
 * Registers in `idx` the primary and supporting field values of the non-erased subjects `ids`
 * (every non-erased subject when `ids` is undefined), decrypted from the vault; registering a
 * subject again is harmless. Resolves the number of values read. Cost: one decryption per value.
 */
export async function registerSubjects(db: Kysely<Database>, vault: Vault, idx: KnownSubjectIndex, ids?: readonly string[]): Promise<number> {
  if (ids !== undefined && ids.length === 0) return 0;
  let query = db
    .selectFrom('subject_fields')
    .innerJoin('subjects', 'subjects.id', 'subject_fields.subject_id')
    .select(['subject_fields.subject_id', 'subject_fields.field', 'subject_fields.token'])
    .where('subjects.erased_at', 'is', null);
  if (ids !== undefined) query = query.where('subjects.id', 'in', ids);
  const rows = await query.orderBy('subject_fields.subject_id').execute();
  let n = 0;
  for (const r of rows) {
    if (!PRIMARY_FIELDS.has(r.field) && !SUPPORTING_FIELDS.has(r.field)) continue;
    try {
      const { value } = await vault.reveal(db, r.token);
      if (PRIMARY_FIELDS.has(r.field)) idx.registerKnownValues(r.subject_id, matchForms(r.field, value));
      const support = supportingForms(r.field, value);
      if (support.length > 0) idx.registerSupportingValues(r.subject_id, support);
      n += 1;
    } catch {
      // erased meanwhile: nothing to match
    }
  }
  return n;
}
